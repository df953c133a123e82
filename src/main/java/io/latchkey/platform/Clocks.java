package io.latchkey.platform;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.time.Clock;

/** The one source of time; tests replace it with an alternative they can move. */
@ApplicationScoped
public class Clocks {

    @Produces
    public Clock clock() {
        return Clock.systemUTC();
    }
}
