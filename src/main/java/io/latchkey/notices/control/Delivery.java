package io.latchkey.notices.control;

import io.latchkey.notices.entity.Threshold;
import java.time.Instant;

/** Everything one notice mail needs; holds no secret (the key appears masked). */
public record Delivery(String noticeId, String messageId, Threshold threshold, String keyId, String description,
                       String maskedKey, Instant expiresAt, String ownerEmail, String ownerName) {
}
