package io.latchkey.keys.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

/** What a reporter said reaches the audit trail and the mails only cleaned, cut, and never with a key in it. */
class LeakReportsTest {

    private final LeakReports reports = new LeakReports();

    {
        reports.codec = new SecretCodec("lk", new SecureRandom());
    }

    @Test
    void blankOrMissingIsNothing() {
        assertNull(reports.said(null));
        assertNull(reports.said(" \t\n "));
    }

    @Test
    void controlCharactersGoAndLongTextIsCut() {
        assertEquals("a b", reports.said("a\u0000b"));
        assertEquals(LeakReports.DETAIL_MAX, reports.said("u".repeat(5000)).length());
    }

    @Test
    void theLongestDetailsFitTheEventsColumnEvenWhenEveryCharacterIsEscaped() {
        String worst = reports.said("\"\\".repeat(5000));
        String details = jakarta.json.Json.createObjectBuilder().add("secret", "previous").add("type", worst)
                .add("url", worst).add("source", worst).build().toString();
        assertTrue(details.length() <= 2000, "key_events.details is varchar(2000): " + details.length());
    }

    @Test
    void aKeyInWhatTheReporterSaidIsWithheld() {
        String key = reports.codec.generate().plaintext();
        String said = reports.said("https://paste.example/raw?k=" + key);
        assertFalse(said.contains(key.substring(3)), said);
        assertEquals("(withheld: it contained a key)", said);
    }

    @Test
    void theLeakNeverPrintsItsToken() {
        String key = reports.codec.generate().plaintext();
        assertFalse(new LeakReports.Leak(key, "t", "u", "s").toString().contains(key.substring(3)));
    }
}
