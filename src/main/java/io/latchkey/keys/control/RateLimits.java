package io.latchkey.keys.control;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import io.latchkey.grid.Members;
import io.latchkey.grid.SharedCounter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * Per-key rate limits: requests per minute, counted in fixed windows of one minute (UTC, from the start of each
 * minute), as GitHub counts its hourly limit. A window's requests are counted until the limit is reached; past it,
 * the key is refused until the window ends ({@link Decision#resetSeconds()}), and refusals are not counted.
 *
 * <p>An instance counts a key's requests itself, exactly. In a grid it also adds them to the grid's count
 * ({@link SharedCounter}, one per key and window) at most every {@link #SHARE_EVERY}, and at once when its count
 * reaches the limit, learning the others' counts in the same call; the grid's replicas exchange counts within
 * Hazelcast's CRDT replication period (one second by default). So across N instances a key gets its limit plus at
 * most what all instances together let through in that second and a tenth before they heard of each other; with no grid
 * (WildFly, Open Liberty, or Payara without clustering) each instance counts alone. Counting costs no database
 * access and no network call; a request waits for the grid's counter only when its turn to share has come.
 *
 * <p>The windows of keys in use are held in memory, bounded and dropped two minutes after their last use.
 */
@ApplicationScoped
public class RateLimits {

    private static final Logger LOG = Logger.getLogger(RateLimits.class.getName());
    private static final long WINDOW_SECONDS = 60;
    private static final String COUNTER_PREFIX = "latchkey-rate-";
    /** How often an instance adds its requests of a key to the grid's count, at most. */
    static final Duration SHARE_EVERY = Duration.ofMillis(100);
    private static final long SHARE_EVERY_NANOS = SHARE_EVERY.toNanos();

    /**
     * What the limit says of one request: {@code allowed}, and the figures of the IETF draft's
     * {@code RateLimit-*} headers (limit, requests left in the window, seconds until it ends).
     */
    public record Decision(boolean allowed, int limit, long remaining, long resetSeconds) {

        /** {@code RateLimit-Limit}, {@code RateLimit-Remaining}, {@code RateLimit-Reset} and {@code RateLimit-Policy}. */
        public Map<String, String> headers() {
            return Map.of("RateLimit-Limit", Integer.toString(limit),
                    "RateLimit-Remaining", Long.toString(remaining),
                    "RateLimit-Reset", Long.toString(resetSeconds),
                    "RateLimit-Policy", limit + ";w=" + WINDOW_SECONDS);
        }
    }

    /**
     * One key's current window: its number (minutes since the epoch), the grid's count, this instance's own count,
     * and what the others had counted when this instance last added its own to the grid's.
     */
    private static final class Window {
        final long minute;
        final SharedCounter counter;
        final AtomicLong own = new AtomicLong();
        /** This instance's requests not yet added to the grid's count. */
        final AtomicLong unshared = new AtomicLong();
        final AtomicBoolean sharing = new AtomicBoolean();
        volatile long others;
        volatile long sharedAt = System.nanoTime();

        Window(long minute, SharedCounter counter) {
            this.minute = minute;
            this.counter = counter;
        }

        /** The requests of the window as this instance knows them. */
        long known() {
            return own.get() + others;
        }
    }

    private final Cache<String, Window> windows = Caffeine.newBuilder()
            .maximumSize(200_000)
            .expireAfterAccess(Duration.ofMinutes(2))
            .removalListener((String key, Window window, RemovalCause cause) -> {
                if (window != null && cause != RemovalCause.REPLACED) {
                    destroy(window);
                }
            })
            .build();

    @Inject
    Members members;

    /** A key's limit in requests per minute: its own, else the organization's default; 0 means none. */
    public static int effective(Integer own, int organizationDefault) {
        return own != null ? own : organizationDefault;
    }

    /** Counts one request of the key against {@code limit} (greater than 0) at {@code now}. */
    public Decision take(String keyId, int limit, Instant now) {
        long minute = Math.floorDiv(now.getEpochSecond(), WINDOW_SECONDS);
        long reset = WINDOW_SECONDS - Math.floorMod(now.getEpochSecond(), WINDOW_SECONDS);
        Window window = windows.getIfPresent(keyId);
        if (window == null || window.minute < minute) {
            window = windows.asMap().compute(keyId, (id, known) -> {
                if (known != null && known.minute >= minute) {
                    return known;
                }
                if (known != null) {
                    destroy(known);
                }
                return new Window(minute, counter(id, minute));
            });
        }
        share(window, false);
        long known = window.known();
        if (known >= limit) {
            return new Decision(false, limit, 0, reset);
        }
        window.own.incrementAndGet();
        window.unshared.incrementAndGet();
        if (known + 1 >= limit) {
            share(window, true); // the last request of the window: tell the others at once
        }
        return new Decision(true, limit, Math.max(0, limit - known - 1), reset);
    }

    /**
     * Adds this instance's new requests to the grid's count and learns the others', at most every
     * {@link #SHARE_EVERY} (or now when {@code now}), by one request at a time: the grid's counter costs a call of
     * Hazelcast's, which the other requests of the window do not wait for.
     */
    private static void share(Window window, boolean now) {
        long at = System.nanoTime();
        if (!now && at - window.sharedAt < SHARE_EVERY_NANOS || !window.sharing.compareAndSet(false, true)) {
            return;
        }
        try {
            long delta = window.unshared.getAndSet(0);
            long shared = window.own.get() - window.unshared.get();
            long total;
            try {
                total = window.counter.addAndGet(delta);
            } catch (RuntimeException gridFailing) {
                // the grid is leaving or its replica moved: count on what this instance knows, never fail the request
                return;
            }
            window.others = Math.max(window.others, total - shared);
            window.sharedAt = at;
        } finally {
            window.sharing.set(false);
        }
    }

    private SharedCounter counter(String keyId, long minute) {
        try {
            return members.sharedCounter(COUNTER_PREFIX + keyId + "-" + minute).orElseGet(LocalCounter::new);
        } catch (RuntimeException gridFailing) {
            LOG.warning(() -> "Rate limits: the data grid's counter could not be had (" + gridFailing
                    + "); this instance counts alone for now");
            return new LocalCounter();
        }
    }

    private static void destroy(Window window) {
        try {
            window.counter.destroy();
        } catch (RuntimeException gridGone) {
            // the grid has shut down: nothing is left to remove
        }
    }

    /** The count of an instance that is not in a grid. */
    private static final class LocalCounter implements SharedCounter {
        private final AtomicLong count = new AtomicLong();

        @Override
        public long addAndGet(long delta) {
            return count.addAndGet(delta);
        }

        @Override
        public void destroy() {
        }
    }
}
