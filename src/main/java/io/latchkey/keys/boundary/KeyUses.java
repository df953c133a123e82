package io.latchkey.keys.boundary;

import io.latchkey.platform.Batches;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * The latest use of each key (time and client address) since the last flush: a plain map, so that
 * recording a use on the authentication path costs no container call. {@link KeyUseRecorder} writes it.
 */
@ApplicationScoped
public class KeyUses {

    /** The newest use of a key since the last flush. */
    public record Use(Instant at, String ip) {
    }

    private final Map<String, Use> pending = new ConcurrentHashMap<>();

    public void record(String keyId, Instant at, String ip) {
        pending.merge(keyId, new Use(at, ip), (known, latest) -> latest.at().isAfter(known.at()) ? latest : known);
    }

    /** Takes each pending use out and hands it to {@code write}; uses recorded meanwhile wait for the next drain. */
    void drain(BiConsumer<String, Use> write) {
        Batches.drain(pending, write);
    }
}
