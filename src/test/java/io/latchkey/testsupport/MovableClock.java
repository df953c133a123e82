package io.latchkey.testsupport;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * Test deployments only: replaces the application's clock with one that tests can move forward
 * (through {@link ClockResource}), to reach expiry without waiting for it.
 */
@Alternative
@Priority(5000)
@ApplicationScoped
public class MovableClock {

    private static volatile Duration offset = Duration.ZERO;

    static void set(Duration newOffset) {
        offset = newOffset;
    }

    @Produces
    Clock clock() {
        return new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return Instant.now().plus(offset).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
            }
        };
    }
}
