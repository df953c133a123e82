package io.latchkey.keys.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.latchkey.accounts.entity.KeyPolicy;
import io.latchkey.caller.Caller;
import io.latchkey.platform.Refusal;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KeyExpiryTest {

    private static final Instant NOW = Instant.parse("2026-03-10T08:00:00Z");
    private static final Duration DEFAULT = Duration.ofDays(180);
    private static final KeyPolicy POLICY = new KeyPolicy(365, 180, 100);

    @Test
    void daysCountFromNow() {
        assertEquals(NOW.plus(Duration.ofDays(30)), KeyExpiry.of(POLICY, 30, null, NOW, DEFAULT));
        assertEquals(NOW.plus(Duration.ofDays(365)), KeyExpiry.of(POLICY, 365, null, NOW, DEFAULT));
    }

    @Test
    void neitherMeansTheFallbackCappedAtTheMaximum() {
        assertEquals(NOW.plus(DEFAULT), KeyExpiry.of(POLICY, null, null, NOW, DEFAULT));
        assertEquals(NOW.plus(Duration.ofDays(90)), KeyExpiry.of(new KeyPolicy(90, 30, 10), null, null, NOW, Duration.ofDays(365)));
    }

    @ParameterizedTest(name = "{0} means {1}")
    @CsvSource({
            "2026-04-01, 2026-04-01T23:59:59Z",
            "2027-03-10, 2027-03-10T23:59:59Z",
            "2026-04-01T12:00:00+02:00, 2026-04-01T10:00:00Z"
    })
    void aDateMeansTheEndOfThatDayInUtc(String at, String expected) {
        assertEquals(Instant.parse(expected), KeyExpiry.of(POLICY, null, at, NOW, DEFAULT));
    }

    @ParameterizedTest(name = "days {0}, date {1}: error on {2}")
    @CsvSource({
            "30, 2026-04-01, expires_at",
            ", 2026-03-09, expires_at",
            ", 2026-03-10T07:59:59Z, expires_at",
            ", 2027-03-11, expires_at",
            ", 2027-03-10T08:00:01Z, expires_at",
            ", 2026-04-01T12:00:00, expires_at",
            ", soon, expires_at",
            "366, , expires_in_days",
            "0, , expires_in_days"
    })
    void badExpiriesAreFieldErrors(Integer days, String at, String field) {
        Refusal refusal = assertThrows(Refusal.class, () -> KeyExpiry.of(POLICY, days, at, NOW, DEFAULT));
        assertEquals(Refusal.Kind.INVALID, refusal.kind());
        assertEquals(field, refusal.fields().get(0).name());
    }

    @Test
    void aKeyCallerCannotOutliveItsKey() {
        Instant parentExpiry = NOW.plus(Duration.ofDays(30));
        Caller byKey = Caller.byKey("u", "o", "k", "read_write", parentExpiry, false, false);
        assertEquals(parentExpiry, KeyExpiry.withinCallingKey(byKey, NOW.plus(DEFAULT), null, null), "a default is cut");
        assertEquals(NOW.plus(Duration.ofDays(7)), KeyExpiry.withinCallingKey(byKey, NOW.plus(Duration.ofDays(7)), 7, null));
        Refusal named = assertThrows(Refusal.class,
                () -> KeyExpiry.withinCallingKey(byKey, NOW.plus(Duration.ofDays(31)), 31, null));
        assertEquals("expiry_beyond_calling_key", named.code());
        assertEquals("expires_in_days", named.fields().get(0).name());
        Caller person = Caller.byPassword("u", "o");
        assertEquals(NOW.plus(DEFAULT), KeyExpiry.withinCallingKey(person, NOW.plus(DEFAULT), null, null), "people are not limited");
    }
}
