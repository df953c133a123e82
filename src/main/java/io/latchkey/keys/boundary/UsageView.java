package io.latchkey.keys.boundary;

import java.time.Instant;
import java.util.List;
import java.util.SortedMap;

/**
 * {@code GET /keys/{id}/usage}: the key's successful requests per hour (UTC) from {@code from} (the start of the
 * hour 30 days before the current one) until now, {@code hours} listing only the hours with requests, oldest
 * first. Counted in memory and written every minute (as the last use is), so the last minute may be missing.
 */
public record UsageView(String keyId, Instant from, Instant to, long total, List<HourView> hours) {

    /** One hour's requests; {@code hour} is its start. */
    public record HourView(Instant hour, long requests) {
    }

    static UsageView of(String keyId, Instant from, Instant to, SortedMap<Instant, Long> hours) {
        return new UsageView(keyId, from, to, hours.values().stream().mapToLong(Long::longValue).sum(),
                hours.entrySet().stream().map(hour -> new HourView(hour.getKey(), hour.getValue())).toList());
    }
}
