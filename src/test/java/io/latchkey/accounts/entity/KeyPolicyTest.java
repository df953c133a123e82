package io.latchkey.accounts.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.latchkey.problems.ProblemException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class KeyPolicyTest {

    private static final Instant NOW = Instant.parse("2026-03-10T08:00:00Z");
    private static final Duration DEFAULT = Duration.ofDays(180);
    private final KeyPolicy policy = new KeyPolicy(365, 180, 100);

    @Test
    void daysCountFromNow() {
        assertEquals(NOW.plus(Duration.ofDays(30)), policy.expiry(30, null, NOW, DEFAULT));
        assertEquals(NOW.plus(Duration.ofDays(365)), policy.expiry(365, null, NOW, DEFAULT));
    }

    @Test
    void neitherMeansTheFallbackCappedAtTheMaximum() {
        assertEquals(NOW.plus(DEFAULT), policy.expiry(null, null, NOW, DEFAULT));
        KeyPolicy strict = new KeyPolicy(90, 30, 10);
        assertEquals(NOW.plus(Duration.ofDays(90)), strict.expiry(null, null, NOW, Duration.ofDays(365)));
    }

    @Test
    void aDateMeansTheEndOfThatDayInUtc() {
        assertEquals(Instant.parse("2026-04-01T23:59:59Z"), policy.expiry(null, "2026-04-01", NOW, DEFAULT));
        assertEquals(Instant.parse("2027-03-10T23:59:59Z"), policy.expiry(null, "2027-03-10", NOW, DEFAULT));
        assertEquals(Instant.parse("2026-04-01T10:00:00Z"), policy.expiry(null, "2026-04-01T12:00:00+02:00", NOW, DEFAULT));
    }

    @Test
    void badExpiriesAreFieldErrors() {
        String[][] cases = {
                {"30", "2026-04-01", "expires_at"},
                {null, "2026-03-09", "expires_at"},
                {null, "2026-03-10T07:59:59Z", "expires_at"},
                {null, "2027-03-11", "expires_at"},
                {null, "2027-03-10T08:00:01Z", "expires_at"},
                {null, "2026-04-01T12:00:00", "expires_at"},
                {null, "soon", "expires_at"},
                {"366", null, "expires_in_days"},
                {"0", null, "expires_in_days"},
        };
        for (String[] c : cases) {
            Integer days = c[0] == null ? null : Integer.valueOf(c[0]);
            ProblemException problem = assertThrows(ProblemException.class, () -> policy.expiry(days, c[1], NOW, DEFAULT),
                    String.join(",", String.valueOf(c[0]), String.valueOf(c[1])));
            assertEquals(400, problem.status());
            assertEquals(c[2], problem.toProblem("r").errors().get(0).field());
        }
    }

    @Test
    void policiesRespectTheCeiling() {
        assertThrows(IllegalArgumentException.class, () -> new KeyPolicy(366, 180, 100));
        assertThrows(IllegalArgumentException.class, () -> new KeyPolicy(90, 180, 100));
        assertThrows(IllegalArgumentException.class, () -> new KeyPolicy(365, 180, 0));
    }
}
