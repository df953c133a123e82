package io.latchkey.notices.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.latchkey.keys.control.LeakReports.LeakRevoked;
import io.latchkey.keys.control.LeakReports.Recipient;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class LeakMailTest {

    private final LeakMail mail = new LeakMail();

    {
        mail.mail = new NoticeMail();
        mail.mail.publicUrl = "https://keys.example.com/";
    }

    private static LeakRevoked leak(String description, String url, String source, String type) {
        return new LeakRevoked("k1", "o1", description, "lk_****************abcd", new Recipient("dev@example.com", "Dana Dev"),
                true, List.of(new Recipient("boss@example.com", "Boss")), type, url, source,
                Instant.parse("2026-01-01T10:00:00Z"));
    }

    @Test
    void theOwnerReadsWhatHappenedToTheirKeyAndWhereItWasFound() {
        String text = mail.text(leak("CI deploy", "https://github.com/o/r/blob/x/.env", "content", "latchkey_api_key"), true);
        assertTrue(text.startsWith("Your API key was reported as leaked"), text);
        assertTrue(text.contains("Masked key:   lk_****************abcd"), text);
        assertTrue(text.contains("Found at:     https://github.com/o/r/blob/x/.env"), text);
        assertTrue(text.contains("Reported by:  content (latchkey_api_key)"), text);
        assertTrue(text.contains("Revoked:      2026-01-01 10:00 UTC"), text);
        assertTrue(text.contains("https://keys.example.com/keys/k1"), text);
    }

    @Test
    void anAdminReadsWhoseKeyItWas() {
        String text = mail.text(leak("CI deploy", null, null, null), false);
        assertTrue(text.startsWith("An API key of dev@example.com in your organization"), text);
        assertTrue(text.contains("Found at:     (not given)"), text);
        assertTrue(text.contains("Reported by:  (not given)"), text);
    }

    @Test
    void htmlEscapesWhatTheReporterSaidAndNeverLinksIt() {
        String html = mail.html(leak("<b>x</b>", "https://evil.example/\"><script>", "<img>", null), false);
        assertFalse(html.contains("<script>") || html.contains("<img>") || html.contains("<b>x"), html);
        assertFalse(html.contains("href=\"https://evil"), html);
        assertTrue(html.contains("&lt;script&gt;"), html);
    }

    @Test
    void theSubjectIsOneLine() {
        assertEquals("Latchkey: API key \"a b\" was reported leaked and has been revoked",
                LeakMail.subject(leak("a\r\nb", null, null, null)));
    }
}
