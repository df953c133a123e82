package io.latchkey.keys.boundary;

import io.latchkey.platform.Batches;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * The latest use of each key (time and client address) and its count of requests per hour since the last flush:
 * plain maps, so that
 * recording a use on the authentication path costs no container call. {@link KeyUseRecorder} writes it.
 */
@ApplicationScoped
public class KeyUses {

    /** The newest use of a key since the last flush. */
    public record Use(Instant at, String ip) {
    }

    /** A key's hour: hours since the epoch, UTC. */
    public record Hour(String keyId, long hour) {

        /** The hour (since the epoch) that {@code at} falls in. */
        static long of(Instant at) {
            return Math.floorDiv(at.getEpochSecond(), 3600);
        }

        /** When the hour {@code hour} (since the epoch) starts. */
        static Instant start(long hour) {
            return Instant.ofEpochSecond(hour * 3600);
        }

        Instant start() {
            return start(hour);
        }
    }

    private final Map<String, Use> pending = new ConcurrentHashMap<>();
    /** Successful requests per key and hour since the last flush (merged, so a drain loses none). */
    private final Map<Hour, Long> hourly = new ConcurrentHashMap<>();
    /** Uses of old secrets in a regeneration's grace period: only the time is kept. */
    private final Map<String, Instant> pendingPrevious = new ConcurrentHashMap<>();

    /** {@code previousSecret}: the client used the key's old secret (a use of the key all the same). */
    public void record(String keyId, Instant at, String ip, boolean previousSecret) {
        pending.merge(keyId, new Use(at, ip), (known, latest) -> latest.at().isAfter(known.at()) ? latest : known);
        hourly.merge(new Hour(keyId, Hour.of(at)), 1L, Long::sum);
        if (previousSecret) {
            pendingPrevious.merge(keyId, at, (known, latest) -> latest.isAfter(known) ? latest : known);
        }
    }

    /** Takes each pending use out and hands it to {@code write}; uses recorded meanwhile wait for the next drain. */
    void drain(BiConsumer<String, Use> write, BiConsumer<String, Instant> writePrevious, BiConsumer<Hour, Long> writeHourly) {
        Batches.drain(pending, write);
        Batches.drain(pendingPrevious, writePrevious);
        Batches.drain(hourly, writeHourly);
    }
}
