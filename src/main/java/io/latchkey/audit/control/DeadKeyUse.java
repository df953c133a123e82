package io.latchkey.audit.control;

import java.time.Instant;

/**
 * A CDI event: a revoked ({@code revoked = true}) or expired key of an organization was presented by a
 * client. The audit trail counts these per key, client and hour.
 */
public record DeadKeyUse(String organizationId, String keyId, boolean revoked, String clientIp, String userAgent,
                         Instant at) {
}
