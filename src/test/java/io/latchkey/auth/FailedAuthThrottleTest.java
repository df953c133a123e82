package io.latchkey.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.latchkey.platform.ClientBuckets;
import io.latchkey.testsupport.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FailedAuthThrottleTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final FailedAuthThrottle throttle = throttle(clock, 100_000);

    private static FailedAuthThrottle throttle(MutableClock clock, long maxEntries) {
        FailedAuthThrottle throttle = new FailedAuthThrottle();
        throttle.clock = clock;
        throttle.limit = 3;
        throttle.accountLimit = 4;
        throttle.window = Duration.ofMinutes(1);
        throttle.maxEntries = maxEntries;
        throttle.build();
        return throttle;
    }

    @Test
    void badKeysPastTheLimitAreAnsweredWithAWait() {
        for (int i = 0; i < 3; i++) {
            assertTrue(throttle.keyFailed("198.51.100.7").isEmpty(), "failure " + (i + 1) + " is within the limit");
        }
        assertEquals(Duration.ofMinutes(1), throttle.keyFailed("198.51.100.7").orElseThrow());
        assertTrue(throttle.keyFailed("198.51.100.8").isEmpty(), "other clients are not affected");
    }

    @Test
    void keyFailuresNeverCountAgainstPasswords() {
        for (int i = 0; i < 10; i++) {
            throttle.keyFailed("198.51.100.1");
        }
        assertTrue(throttle.reservePassword("198.51.100.1", "admin@example.com").isEmpty());
    }

    @Test
    void reservedPasswordAttemptsRunOutPerAddressAndSuccessesGiveThemBack() {
        assertTrue(throttle.reservePassword("198.51.100.1", "a@example.com").isEmpty());
        assertTrue(throttle.reservePassword("198.51.100.1", "b@example.com").isEmpty());
        throttle.releasePassword("198.51.100.1", "b@example.com");
        assertTrue(throttle.reservePassword("198.51.100.1", "c@example.com").isEmpty());
        assertTrue(throttle.reservePassword("198.51.100.1", "d@example.com").isEmpty());
        assertEquals(Duration.ofMinutes(1), throttle.reservePassword("198.51.100.1", "e@example.com").orElseThrow());
        assertTrue(throttle.reservePassword("198.51.100.2", "e@example.com").isEmpty(), "other clients are not affected");
    }

    @Test
    void passwordAttemptsRunOutPerAccountAcrossAddresses() {
        for (int i = 0; i < 4; i++) {
            assertTrue(throttle.reservePassword("198.51.100." + i, " Admin@Example.com").isEmpty());
        }
        assertTrue(throttle.reservePassword("198.51.100.99", "admin@example.com").isPresent(),
                "the account is throttled whichever address tries, by its normalised email");
        assertTrue(throttle.reservePassword("198.51.100.99", "other@example.com").isEmpty());
    }

    @Test
    void theWindowEndsAndTheEntryLeavesByItself() {
        for (int i = 0; i < 4; i++) {
            throttle.keyFailed("198.51.100.9");
        }
        assertTrue(throttle.keyFailed("198.51.100.9").isPresent());
        assertEquals(1, throttle.size());
        clock.advance(Duration.ofSeconds(61));
        assertEquals(0, throttle.size(), "an ended window is not held");
        assertTrue(throttle.keyFailed("198.51.100.9").isEmpty(), "a new window starts");
    }

    @Test
    void aMillionDistinctAddressesStayWithinTheBound() {
        FailedAuthThrottle bounded = throttle(clock, 10_000);
        for (int i = 0; i < 1_000_000; i++) {
            bounded.keyFailed("10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255) + "/" + i);
        }
        long size = bounded.size();
        assertTrue(size <= 10_000, "held " + size + " windows");
        assertTrue(size > 5_000, "recent windows are kept: " + size);
    }

    @Test
    void ipv6ClientsAreCountedPerSlash64() {
        assertEquals(ClientBuckets.of("2001:db8:1:2::1"), ClientBuckets.of("2001:db8:1:2:ffff::9"));
        assertNotEquals(ClientBuckets.of("2001:db8:1:2::1"), ClientBuckets.of("2001:db8:1:3::1"));
        assertEquals("192.0.2.1", ClientBuckets.of("192.0.2.1"));
        for (int i = 0; i < 3; i++) {
            throttle.keyFailed("2001:db8:1:2::" + (i + 1));
        }
        assertTrue(throttle.keyFailed("2001:db8:1:2::99").isPresent());
    }
}
