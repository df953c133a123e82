package io.latchkey.auth;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Counts failed authentications per client address in fixed windows. Once a client reaches
 * {@code latchkey.auth-throttle.limit} failures within {@code latchkey.auth-throttle.window}, every
 * request of that client that carries credentials is refused (429) until the window ends, before any
 * key lookup. Other clients are not affected. Counts are per instance (a cluster of n instances lets a
 * client fail up to n times the limit), and memory is bounded: windows that ended are dropped.
 */
@ApplicationScoped
public class FailedAuthThrottle {

    private static final int MAX_TRACKED = 100_000;

    private record Window(Instant start, int failures) {
    }

    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    @Inject
    Clock clock;

    @Inject
    @ConfigProperty(name = "latchkey.auth-throttle.limit", defaultValue = "20")
    int limit;

    @Inject
    @ConfigProperty(name = "latchkey.auth-throttle.window", defaultValue = "PT1M")
    Duration window;

    /** How long the client must wait, if it is being refused now. */
    public Optional<Duration> retryAfter(String client) {
        Window current = windows.get(client);
        if (current == null || current.failures() < limit) {
            return Optional.empty();
        }
        Duration left = Duration.between(clock.instant(), current.start().plus(window));
        return left.isNegative() || left.isZero() ? Optional.empty() : Optional.of(left);
    }

    public void recordFailure(String client) {
        Instant now = clock.instant();
        if (windows.size() >= MAX_TRACKED) {
            windows.values().removeIf(w -> !w.start().plus(window).isAfter(now));
        }
        windows.compute(client, (address, current) -> current == null || !current.start().plus(window).isAfter(now)
                ? new Window(now, 1)
                : new Window(current.start(), current.failures() + 1));
    }
}
