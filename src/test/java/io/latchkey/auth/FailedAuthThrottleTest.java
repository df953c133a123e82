package io.latchkey.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class FailedAuthThrottleTest {

    private final Instant start = Instant.parse("2026-01-01T00:00:00Z");
    private final FailedAuthThrottle throttle = throttle(Clock.fixed(start, ZoneOffset.UTC));

    private static FailedAuthThrottle throttle(Clock clock) {
        FailedAuthThrottle throttle = new FailedAuthThrottle();
        throttle.clock = clock;
        throttle.limit = 3;
        throttle.window = Duration.ofMinutes(1);
        return throttle;
    }

    @Test
    void reservedAttemptsRunOutAndSuccessesGiveThemBack() {
        assertTrue(throttle.attempt("198.51.100.1").isEmpty());
        assertTrue(throttle.attempt("198.51.100.1").isEmpty());
        throttle.succeeded("198.51.100.1");
        assertTrue(throttle.attempt("198.51.100.1").isEmpty());
        assertTrue(throttle.attempt("198.51.100.1").isEmpty());
        assertEquals(Duration.ofMinutes(1), throttle.attempt("198.51.100.1").orElseThrow());
        assertEquals(Duration.ofMinutes(1), throttle.blocked("198.51.100.1").orElseThrow());
        assertTrue(throttle.blocked("198.51.100.2").isEmpty(), "other clients are not affected");
    }

    @Test
    void failuresRecordedAfterTheFactCountToo() {
        throttle.recordFailure("198.51.100.7");
        throttle.recordFailure("198.51.100.7");
        assertTrue(throttle.blocked("198.51.100.7").isEmpty());
        throttle.recordFailure("198.51.100.7");
        assertTrue(throttle.blocked("198.51.100.7").isPresent());
    }

    @Test
    void theWindowEnds() {
        for (int i = 0; i < 3; i++) {
            throttle.recordFailure("198.51.100.9");
        }
        FailedAuthThrottle later = throttle(Clock.fixed(start.plus(Duration.ofSeconds(61)), ZoneOffset.UTC));
        later.recordFailure("x");
        assertTrue(throttle.blocked("198.51.100.9").isPresent());
        assertTrue(later.blocked("198.51.100.9").isEmpty());
    }

    @Test
    void ipv6ClientsAreCountedPerSlash64() {
        assertEquals(FailedAuthThrottle.bucket("2001:db8:1:2::1"), FailedAuthThrottle.bucket("2001:db8:1:2:ffff::9"));
        assertTrue(!FailedAuthThrottle.bucket("2001:db8:1:2::1").equals(FailedAuthThrottle.bucket("2001:db8:1:3::1")));
        assertEquals("192.0.2.1", FailedAuthThrottle.bucket("192.0.2.1"));
        for (int i = 0; i < 3; i++) {
            throttle.recordFailure("2001:db8:1:2::" + (i + 1));
        }
        assertTrue(throttle.blocked("2001:db8:1:2::99").isPresent());
    }
}
