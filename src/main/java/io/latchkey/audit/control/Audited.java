package io.latchkey.audit.control;

import io.latchkey.audit.entity.Actor;
import io.latchkey.audit.entity.EventType;
import jakarta.json.JsonObject;
import java.time.Instant;

/**
 * A CDI event, fired inside the transaction that records an audit event, for components that tell others of
 * changes (webhooks). {@code keyId} or {@code userId} may be null; {@code details} may be null.
 */
public record Audited(String organizationId, String keyId, String userId, EventType type, Actor actor, Instant at,
                      JsonObject details) {
}
