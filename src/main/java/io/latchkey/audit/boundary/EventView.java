package io.latchkey.audit.boundary;

import io.latchkey.audit.entity.KeyEvent;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.bind.annotation.JsonbNillable;
import java.io.StringReader;
import java.time.Instant;

/**
 * One event of a key, a user or the organization, in {@code GET /api/v1/keys/{id}/events} and {@code GET /api/v1/audit}. {@code count}
 * is above 1 only for aggregated events (uses of a revoked or expired key: one per client and hour),
 * whose {@code occurred_at} is the latest occurrence.
 */
public record EventView(String id, @JsonbNillable String keyId, @JsonbNillable String userId, String type,
                        @JsonbNillable String actorId, @JsonbNillable String authMethod, @JsonbNillable String viaKeyId,
                        Instant occurredAt, int count, @JsonbNillable String clientIp, @JsonbNillable String userAgent,
                        JsonObject details) {

    public static EventView of(KeyEvent event) {
        JsonObject details;
        if (event.details() == null) {
            details = JsonObject.EMPTY_JSON_OBJECT;
        } else {
            try (var reader = Json.createReader(new StringReader(event.details()))) {
                details = reader.readObject();
            }
        }
        return new EventView(event.id(), event.keyId(), event.userId(), event.type(), event.actorId(),
                event.authMethod(), event.viaKeyId(), event.occurredAt(), event.occurrences(), event.clientIp(),
                event.userAgent(), details);
    }
}
