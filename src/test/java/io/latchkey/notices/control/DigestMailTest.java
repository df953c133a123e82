package io.latchkey.notices.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DigestMailTest {

    private static final Instant NOW = Instant.parse("2026-01-07T10:00:00Z");

    private final DigestMail mail = new DigestMail();

    {
        mail.mail = new NoticeMail();
        mail.mail.publicUrl = "https://keys.example.com/";
    }

    private static DigestDelivery digest(long total) {
        return new DigestDelivery("d1", "<d@x>", "Acme <Ops>", "2026-W02",
                List.of(new Recipient("admin@example.com", "Admin")),
                List.of(new DigestDelivery.Owner("alice@example.com", "Alice", true, List.of(
                                new DigestDelivery.Key("k1", "deploy <prod>", "lk_****************aaaa", NOW.plus(Duration.ofDays(3))),
                                new DigestDelivery.Key("k2", "backup", "lk_****************bbbb", NOW.plus(Duration.ofDays(20))))),
                        new DigestDelivery.Owner("bob@example.com", "Bob", false, List.of(
                                new DigestDelivery.Key("k3", "metrics", "lk_****************cccc", NOW.plus(Duration.ofDays(9)))))),
                total);
    }

    @Test
    void theSubjectCountsTheKeysAndNamesTheWeek() {
        assertEquals("Latchkey weekly digest 2026-W02: 3 API keys of Acme <Ops> expire within 30 days",
                DigestMail.subject(digest(3)));
    }

    @Test
    void theTextGroupsKeysByOwnerWithLinks() {
        String text = mail.text(digest(3), NOW);
        int alice = text.indexOf("Alice <alice@example.com>");
        int bob = text.indexOf("Bob <bob@example.com> (deactivated");
        assertTrue(alice >= 0 && bob > alice, text);
        int deploy = text.indexOf("deploy <prod> (lk_****************aaaa): expires 2026-01-10 10:00 UTC, 3 days left");
        int backup = text.indexOf("backup (lk_****************bbbb)");
        int metrics = text.indexOf("metrics (lk_****************cccc)");
        assertTrue(alice < deploy && deploy < backup && backup < bob && bob < metrics, text);
        assertTrue(text.contains("https://keys.example.com/keys/k1"), text);
        assertTrue(text.contains("https://keys.example.com/keys/k3"), text);
        assertTrue(text.contains("All keys: https://keys.example.com/keys"), text);
        assertFalse(text.contains("more keys"), text);
    }

    @Test
    void keysBeyondTheListAreCounted() {
        assertTrue(mail.text(digest(250), NOW).contains("247 more keys expire within 30 days"));
    }

    @Test
    void htmlEscapesEveryValueButKeepsItsRows() {
        String html = mail.html(digest(3), NOW);
        assertFalse(html.contains("<prod>"), html);
        assertTrue(html.contains("<a href=\"https://keys.example.com/keys/k1\">deploy &lt;prod&gt;</a>"), html);
        assertTrue(html.contains("<h3>Alice &lt;alice@example.com&gt;</h3>"), html);
        assertTrue(html.contains("Acme &lt;Ops&gt;"), html);
        assertEquals(3, html.split("<tr><td>", -1).length - 1, html);
    }
}
