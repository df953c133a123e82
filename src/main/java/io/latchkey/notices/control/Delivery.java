package io.latchkey.notices.control;

import io.latchkey.notices.entity.Threshold;
import java.time.Instant;

/**
 * Everything one notice mail needs; holds no secret (the key appears masked). {@code revokeOn}: for a warning
 * of disuse, the day the key is revoked unless used; null for expiry notices.
 */
public record Delivery(String noticeId, String messageId, Threshold threshold, String keyId, String description,
                       String maskedKey, Instant expiresAt, Instant revokeOn, String ownerEmail, String ownerName) {
}
