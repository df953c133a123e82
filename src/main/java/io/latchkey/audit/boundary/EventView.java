package io.latchkey.audit.boundary;

import io.latchkey.audit.entity.KeyEvent;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.bind.annotation.JsonbNillable;
import java.io.StringReader;
import java.time.Instant;

/**
 * One event of a key, in {@code GET /api/v1/keys/{id}/events} and {@code GET /api/v1/audit}. {@code count}
 * is above 1 only for aggregated events (uses of a revoked or expired key: one per client and hour),
 * whose {@code occurred_at} is the latest occurrence.
 */
public record EventView(String id, String keyId, String type, @JsonbNillable String actorId, Instant occurredAt,
                        int count, @JsonbNillable String clientIp, @JsonbNillable String userAgent, JsonObject details) {

    public static EventView of(KeyEvent event) {
        JsonObject details;
        if (event.details() == null) {
            details = JsonObject.EMPTY_JSON_OBJECT;
        } else {
            try (var reader = Json.createReader(new StringReader(event.details()))) {
                details = reader.readObject();
            }
        }
        return new EventView(event.id(), event.keyId(), event.type(), event.actorId(), event.occurredAt(),
                event.occurrences(), event.clientIp(), event.userAgent(), details);
    }
}
