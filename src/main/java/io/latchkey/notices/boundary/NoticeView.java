package io.latchkey.notices.boundary;

import io.latchkey.notices.entity.ExpiryNotice;
import jakarta.json.bind.annotation.JsonbNillable;
import java.time.Instant;

/** A notice as admins see it in {@code GET /api/v1/notices}. */
public record NoticeView(String id, String keyId, String threshold, Instant keyExpiresAt, String state, int attempts,
                         @JsonbNillable String lastError, @JsonbNillable Instant nextAttemptAt, Instant createdAt,
                         @JsonbNillable Instant sentAt, @JsonbNillable String recipient,
                         @JsonbNillable String cancelReason) {

    static NoticeView of(ExpiryNotice notice) {
        return new NoticeView(notice.id(), notice.keyId(), notice.threshold().wireName(), notice.keyExpiresAt(),
                notice.state().wireName(), notice.attempts(), notice.lastError(), notice.nextAttemptAt(),
                notice.createdAt(), notice.sentAt(), notice.recipient(), notice.cancelReason());
    }
}
