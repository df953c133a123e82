package io.latchkey.grid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class GridSecretTest {

    private static GridSecret with(String configured) {
        GridSecret secret = new GridSecret();
        secret.configured = Optional.ofNullable(configured);
        secret.init();
        return secret;
    }

    @Test
    void instancesWithTheSameSecretOpenEachOthersMessages() {
        GridSecret a = with("0123456789abcdef0123456789abcdef-a");
        GridSecret b = with("0123456789abcdef0123456789abcdef-a");
        assertTrue(a.shared());
        assertEquals(Optional.of("ack r1 member-a"), b.opened(a.sealed("ack r1 member-a")));
    }

    @Test
    void aMessageWithoutTheSecretOrAlteredIsDropped() {
        GridSecret a = with("0123456789abcdef0123456789abcdef-a");
        GridSecret other = with("0123456789abcdef0123456789abcdef-b");
        String sealed = a.sealed("ack r1 member-a");
        assertEquals(Optional.empty(), other.opened(sealed), "another secret");
        assertEquals(Optional.empty(), a.opened(sealed.replace("member-a", "member-b")), "altered body");
        assertEquals(Optional.empty(), a.opened("ack r1 member-a"), "unsealed");
        assertEquals(Optional.empty(), a.opened(42), "not text");
        assertEquals(Optional.empty(), a.opened(a.seal("x 1") + " x 1"), "time is not a number");
    }

    @Test
    void anOldMessageIsDroppedEvenWithTheRightSeal() {
        GridSecret a = with("0123456789abcdef0123456789abcdef-a");
        String body = (System.currentTimeMillis() - GridSecret.MAX_SKEW.toMillis() - 60_000) + " ack r1 member-a";
        assertEquals(Optional.empty(), a.opened(a.seal(body) + " " + body));
    }

    @Test
    void aShortOrMissingSecretIsNotSharedAndSealsHoldOnlyInThisProcess() {
        GridSecret short1 = with("too-short");
        GridSecret short2 = with("too-short");
        assertFalse(short1.shared());
        assertFalse(with(null).shared());
        assertEquals(Optional.empty(), short2.opened(short1.sealed("ack r1 m")), "each process has a key of its own");
        assertEquals(Optional.of("ack r1 m"), short1.opened(short1.sealed("ack r1 m")));
        assertTrue(short1.verify("text", short1.seal("text")));
        assertFalse(short1.verify("text", null));
    }
}
