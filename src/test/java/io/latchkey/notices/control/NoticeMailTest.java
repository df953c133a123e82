package io.latchkey.notices.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.latchkey.notices.entity.Threshold;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class NoticeMailTest {

    private static final Instant NOW = Instant.parse("2026-01-01T10:00:00Z");

    private final NoticeMail mail = new NoticeMail();

    {
        mail.publicUrl = "https://keys.example.com/";
    }

    private static Delivery delivery(Threshold threshold, String description) {
        return new Delivery("n1", "<id@x>", threshold, "k1", description, "lk_****************abcd",
                NOW.plus(Duration.ofDays(7)), threshold.isUnused() ? NOW.plus(Duration.ofDays(7)) : null,
                "owner@example.com", "Owner");
    }

    @Test
    void aWarningOfDisuseSaysWhenTheKeyIsRevokedAndHowToKeepIt() {
        Delivery warning = new Delivery("n1", "<id@x>", Threshold.UNUSED_7, "k1", "nightly export", "lk_****************abcd",
                NOW.plus(Duration.ofDays(90)), NOW.plus(Duration.ofDays(7)), "owner@example.com", "Owner");
        assertEquals("Latchkey: API key \"nightly export\" will be revoked in 7 days as unused", NoticeMail.subject(warning));
        String text = mail.text(warning, NOW);
        assertTrue(text.contains("has not been used for a long time"), text);
        assertTrue(text.contains("revokes it on 2026-01-08 10:00 UTC"), text);
        assertTrue(text.contains("Expires:     2026-04-01 10:00 UTC"), text);
        assertTrue(text.contains("use the key"), text);
        assertTrue(mail.html(warning, NOW).contains("revokes it on 2026-01-08 10:00 UTC"));
    }

    @Test
    void theTextNamesTheKeyItsExpiryAndTheLink() {
        String text = mail.text(delivery(Threshold.DAYS_7, "CI deploy"), NOW);
        assertTrue(text.contains("Key:         CI deploy"), text);
        assertTrue(text.contains("Masked key:  lk_****************abcd"), text);
        assertTrue(text.contains("Expires:     2026-01-08 10:00 UTC"), text);
        assertTrue(text.contains("Days left:   7"), text);
        assertTrue(text.contains("https://keys.example.com/keys/k1"), text);
    }

    @Test
    void htmlEscapesTheDescription() {
        String html = mail.html(delivery(Threshold.DAYS_15, "<script>alert('x')</script> & co"), NOW);
        assertFalse(html.contains("<script>"), html);
        assertTrue(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; co"), html);
    }

    @Test
    void subjectsAreOneLineAndSayWhichNotice() {
        assertEquals("Latchkey: API key \"a b\" has expired", NoticeMail.subject(delivery(Threshold.EXPIRED, "a\r\nb")));
        assertEquals("Latchkey: API key \"x\" expires in 15 days", NoticeMail.subject(delivery(Threshold.DAYS_15, "x")));
    }

    @Test
    void daysLeftRoundUpAndStopAtZero() {
        assertEquals(7, NoticeMail.daysLeft(NOW.plus(Duration.ofDays(7)), NOW));
        assertEquals(7, NoticeMail.daysLeft(NOW.plus(Duration.ofDays(6).plusHours(1)), NOW));
        assertEquals(1, NoticeMail.daysLeft(NOW.plusSeconds(1), NOW));
        assertEquals(0, NoticeMail.daysLeft(NOW, NOW));
        assertEquals(0, NoticeMail.daysLeft(NOW.minusSeconds(5), NOW));
    }

    @Test
    void messageIdsUseThePublicHost() {
        assertEquals("keys.example.com", mail.messageDomain());
    }
}
