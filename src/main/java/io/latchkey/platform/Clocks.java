package io.latchkey.platform;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.time.Clock;
import java.time.Duration;

/**
 * The one source of time; tests replace it with an alternative they can move. It ticks in whole
 * milliseconds: databases keep fewer digits than {@code Instant.now()} has, and a stored time rounded
 * up past the moment it was taken would make "due at or before now" comparisons miss.
 */
@ApplicationScoped
public class Clocks {

    @Produces
    public Clock clock() {
        return Clock.tick(Clock.systemUTC(), Duration.ofMillis(1));
    }
}
