package io.latchkey.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.latchkey.accounts.entity.User;
import io.latchkey.platform.ClientBuckets;
import jakarta.enterprise.event.Startup;
import jakarta.enterprise.event.Observes;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Counts failed authentications (and leak reports) in fixed windows, in separate kinds of bucket:
 * <ul>
 *   <li><b>keys per address</b> (IPv6 per /64): bad keys and unreadable credentials, counted after
 *       the fact. A valid key is always served; past the limit the address's further <em>invalid</em>
 *       keys are answered 429 instead of 401. Nothing else of that address is affected.</li>
 *   <li><b>passwords per address</b> and <b>passwords per account</b> (normalised email): an attempt is
 *       reserved before the password is checked, so parallel guesses cannot outrun the limit, and given
 *       back when it succeeds. Past either limit the attempt is 429 before any check. Key failures never
 *       count here.</li>
 *   <li><b>leak reports per address</b>: every {@code POST /api/v1/leaks}, counted before its body is
 *       read, matched or not; past the limit 429.</li>
 * </ul>
 * The map is a bounded Caffeine cache ({@code latchkey.auth-throttle.max-entries}): a window leaves by
 * itself when it ends, and a flood of distinct addresses evicts the least recently used windows instead
 * of growing memory. Each request is O(1). Counts are per instance.
 */
@ApplicationScoped
public class FailedAuthThrottle {

    /** Reads its configuration at start-up (see {@link io.latchkey.platform}). */
    void atStartup(@Observes Startup startup) {
    }

    private enum Bucket { KEY, PASSWORD_ADDRESS, PASSWORD_ACCOUNT, LEAK_REPORT }

    private record Window(Instant start, int failures) {
    }

    @Inject
    Clock clock;

    @Inject
    @ConfigProperty(name = "latchkey.auth-throttle.limit", defaultValue = "20")
    int limit;

    @Inject
    @ConfigProperty(name = "latchkey.auth-throttle.account-limit", defaultValue = "20")
    int accountLimit;

    @Inject
    @ConfigProperty(name = "latchkey.auth-throttle.window", defaultValue = "PT1M")
    Duration window;

    @Inject
    @ConfigProperty(name = "latchkey.auth-throttle.max-entries", defaultValue = "100000")
    long maxEntries;

    private Cache<String, Window> windows;

    @PostConstruct
    void build() {
        windows = Caffeine.newBuilder()
                .maximumSize(maxEntries)
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
                .executor(Runnable::run)
                .expireAfter(new Expiry<String, Window>() {
                    @Override
                    public long expireAfterCreate(String key, Window value, long currentTime) {
                        return nanosLeft(value);
                    }

                    @Override
                    public long expireAfterUpdate(String key, Window value, long currentTime, long currentDuration) {
                        return nanosLeft(value);
                    }

                    @Override
                    public long expireAfterRead(String key, Window value, long currentTime, long currentDuration) {
                        return currentDuration;
                    }
                })
                .build();
    }

    private long nanosLeft(Window value) {
        return Math.max(0, Duration.between(clock.instant(), value.start().plus(window)).toNanos());
    }

    /**
     * Counts a failed key (or an unreadable credential) of this address. Returns how long to wait when
     * the address is past its limit: the caller answers 429 instead of 401.
     */
    public Optional<Duration> keyFailed(String client) {
        return counted(Bucket.KEY, client);
    }

    /**
     * Counts a leak report of this address, every one (whether it matched a key must not matter), in a
     * bucket of its own with the same limit and window. Returns how long to wait past the limit.
     */
    public Optional<Duration> leakReported(String client) {
        return counted(Bucket.LEAK_REPORT, client);
    }

    private Optional<Duration> counted(Bucket kind, String client) {
        Instant now = clock.instant();
        Window current = windows.asMap().compute(key(kind, ClientBuckets.of(client)), (k, known) -> live(known, now)
                ? new Window(known.start(), known.failures() + 1)
                : new Window(now, 1));
        return current.failures() > limit ? Optional.of(left(current, now)) : Optional.empty();
    }

    /**
     * Takes one attempt from both the address's and the account's password allowance, before the
     * password is checked. Returns how long to wait (and takes nothing) when either is used up.
     */
    public Optional<Duration> reservePassword(String client, String account) {
        Instant now = clock.instant();
        String address = key(Bucket.PASSWORD_ADDRESS, ClientBuckets.of(client));
        String user = key(Bucket.PASSWORD_ACCOUNT, normalise(account));
        Optional<Duration> wait = exhausted(address, limit, now).or(() -> exhausted(user, accountLimit, now));
        if (wait.isPresent()) {
            return wait;
        }
        for (String key : new String[] {address, user}) {
            windows.asMap().compute(key, (k, known) -> live(known, now)
                    ? new Window(known.start(), known.failures() + 1)
                    : new Window(now, 1));
        }
        return Optional.empty();
    }

    /** The password was right (or never checked): the reserved attempt does not count. */
    public void releasePassword(String client, String account) {
        for (String key : new String[] {key(Bucket.PASSWORD_ADDRESS, ClientBuckets.of(client)),
                key(Bucket.PASSWORD_ACCOUNT, normalise(account))}) {
            windows.asMap().computeIfPresent(key, (k, current) ->
                    new Window(current.start(), Math.max(0, current.failures() - 1)));
        }
    }

    private Optional<Duration> exhausted(String key, int allowed, Instant now) {
        Window current = windows.getIfPresent(key);
        return live(current, now) && current.failures() >= allowed ? Optional.of(left(current, now)) : Optional.empty();
    }

    private boolean live(Window window, Instant now) {
        return window != null && window.start().plus(this.window).isAfter(now);
    }

    private Duration left(Window current, Instant now) {
        return Duration.between(now, current.start().plus(window));
    }

    /** How many windows are held now (after pending evictions). */
    long size() {
        windows.cleanUp();
        return windows.estimatedSize();
    }

    private static String key(Bucket bucket, String value) {
        return bucket.ordinal() + "|" + value;
    }

    private static String normalise(String account) {
        return account == null ? "" : User.normalizeEmail(account);
    }
}
