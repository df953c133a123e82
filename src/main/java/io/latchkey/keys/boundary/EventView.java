package io.latchkey.keys.boundary;

import io.latchkey.audit.entity.KeyEvent;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.bind.annotation.JsonbNillable;
import java.io.StringReader;
import java.time.Instant;

/** One event of a key, in {@code GET /api/v1/keys/{id}/events}. */
public record EventView(String id, String type, @JsonbNillable String actorId, Instant occurredAt,
                        @JsonbNillable String clientIp, @JsonbNillable String userAgent, JsonObject details) {

    static EventView of(KeyEvent event) {
        JsonObject details;
        if (event.details() == null) {
            details = JsonObject.EMPTY_JSON_OBJECT;
        } else {
            try (var reader = Json.createReader(new StringReader(event.details()))) {
                details = reader.readObject();
            }
        }
        return new EventView(event.id(), event.type(), event.actorId(), event.occurredAt(), event.clientIp(),
                event.userAgent(), details);
    }
}
