package io.latchkey.auth;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Counts failed authentications per client address (IPv6 per /64) in fixed windows. Once a client
 * reaches {@code latchkey.auth-throttle.limit} failures within {@code latchkey.auth-throttle.window},
 * every request of that client that carries credentials is refused (429) until the window ends,
 * before any key lookup or password check. A password attempt is counted before it is checked and
 * given back when it succeeds, so concurrent guesses cannot outrun the limit. Other clients are not affected.
 * Counts are per instance (a cluster of n instances lets a client fail up to n times the limit);
 * windows that ended are dropped when many clients are tracked.
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

    /**
     * Takes one attempt from the client's allowance before a password is checked, so that concurrent
     * guesses cannot outrun the count; a successful attempt gives it back with {@link #succeeded}.
     * Returns how long to wait when the allowance is used up. (Keys are not reserved ahead: a guess
     * at 190 random bits costs one index lookup and has no chance, and an integration's concurrent
     * calls must not count against it.)
     */
    public Optional<Duration> attempt(String client) {
        Instant now = clock.instant();
        if (windows.size() >= MAX_TRACKED) {
            windows.values().removeIf(w -> !w.start().plus(window).isAfter(now));
        }
        boolean[] refused = new boolean[1];
        Window current = windows.compute(bucket(client), (address, known) -> {
            if (known == null || !known.start().plus(window).isAfter(now)) {
                return new Window(now, 1);
            }
            if (known.failures() >= limit) {
                refused[0] = true;
                return known;
            }
            return new Window(known.start(), known.failures() + 1);
        });
        return refused[0] ? Optional.of(Duration.between(now, current.start().plus(window))) : Optional.empty();
    }

    /** How long the client must wait, if it is being refused now; counts nothing. */
    public Optional<Duration> blocked(String client) {
        Window current = windows.get(bucket(client));
        if (current == null || current.failures() < limit) {
            return Optional.empty();
        }
        Duration left = Duration.between(clock.instant(), current.start().plus(window));
        return left.isNegative() || left.isZero() ? Optional.empty() : Optional.of(left);
    }

    /** Counts a failure found after the fact (a bad key: cheap to check, so not reserved ahead). */
    public void recordFailure(String client) {
        Instant now = clock.instant();
        windows.compute(bucket(client), (address, known) -> known == null || !known.start().plus(window).isAfter(now)
                ? new Window(now, 1)
                : new Window(known.start(), known.failures() + 1));
    }

    /** The attempt was good: it does not count against the client. */
    public void succeeded(String client) {
        windows.computeIfPresent(bucket(client), (address, current) ->
                new Window(current.start(), Math.max(0, current.failures() - 1)));
    }

    /** IPv6 clients are counted per /64, the block one subscriber usually holds. */
    static String bucket(String client) {
        if (client == null || !client.contains(":")) {
            return client;
        }
        try {
            byte[] address = InetAddress.getByName(client).getAddress();
            return address.length == 16 ? HexFormat.of().formatHex(address, 0, 8) + "::/64" : client;
        } catch (UnknownHostException e) {
            return client;
        }
    }
}
