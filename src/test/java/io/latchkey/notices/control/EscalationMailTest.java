package io.latchkey.notices.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.latchkey.notices.entity.EscalationReason;
import io.latchkey.notices.entity.Threshold;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class EscalationMailTest {

    private static final Instant NOW = Instant.parse("2026-01-01T10:00:00Z");

    private final EscalationMail mail = new EscalationMail();

    {
        mail.mail = new NoticeMail();
        mail.mail.publicUrl = "https://keys.example.com";
    }

    private static EscalationDelivery escalation(EscalationReason reason, String description) {
        Delivery notice = new Delivery("n1", "<n@x>", Threshold.DAYS_7, "k1", description, "lk_****************abcd",
                NOW.plus(Duration.ofDays(7)), null, "gone@example.com", "Gone <Owner>");
        return new EscalationDelivery("<e@x>", reason, notice, 3,
                List.of(new Recipient("a@example.com", "A"), new Recipient("b@example.com", "B")));
    }

    @Test
    void aDeactivatedOwnersNoticeSaysSoAndNamesTheOwnerKeyExpiryAndLink() {
        EscalationDelivery escalation = escalation(EscalationReason.OWNER_INACTIVE, "CI deploy");
        assertEquals("Latchkey: API key \"CI deploy\" expires in 7 days (its owner gone@example.com is deactivated)",
                EscalationMail.subject(escalation));
        String text = mail.text(escalation, NOW);
        assertTrue(text.contains("whose account is deactivated"), text);
        assertTrue(text.contains("Owner:       Gone <Owner> <gone@example.com>"), text);
        assertTrue(text.contains("Key:         CI deploy"), text);
        assertTrue(text.contains("Masked key:  lk_****************abcd"), text);
        assertTrue(text.contains("Expires:     2026-01-08 10:00 UTC"), text);
        assertTrue(text.contains("Days left:   7"), text);
        assertTrue(text.contains("Manage the key: https://keys.example.com/keys/k1"), text);
    }

    @Test
    void anUndeliverableNoticeSaysItCouldNotReachTheOwner() {
        EscalationDelivery escalation = escalation(EscalationReason.UNDELIVERABLE, "CI deploy");
        assertEquals("Latchkey: API key \"CI deploy\" expires in 7 days (could not reach gone@example.com)",
                EscalationMail.subject(escalation));
        String text = mail.text(escalation, NOW);
        assertTrue(text.contains("could not be delivered to them (3 attempts)"), text);
        assertTrue(text.contains("Check the owner's email address"), text);
    }

    @Test
    void htmlEscapesEveryValue() {
        String html = mail.html(escalation(EscalationReason.OWNER_INACTIVE, "<script>x</script>"), NOW);
        assertFalse(html.contains("<script>"), html);
        assertFalse(html.contains("<Owner>"), html);
        assertTrue(html.contains("&lt;script&gt;x&lt;/script&gt;"), html);
        assertTrue(html.contains("Gone &lt;Owner&gt; &lt;gone@example.com&gt;"), html);
        assertTrue(html.contains("href=\"https://keys.example.com/keys/k1\""), html);
    }
}
