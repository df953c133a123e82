package io.latchkey.audit.control;

import io.latchkey.audit.entity.EventType;
import java.time.Instant;

/**
 * A CDI event: a key of an organization was presented by a client and refused for a reason worth
 * counting ({@code type}: a revoked or expired key, or an address the key does not allow). The audit
 * trail counts these per key, client and hour.
 */
public record DeadKeyUse(String organizationId, String keyId, EventType type, String clientIp, String userAgent,
                         Instant at) {
}
