package io.latchkey.notices.boundary;

import io.latchkey.notices.entity.ExpiryNotice;
import io.latchkey.notices.entity.NoticeEscalation;
import jakarta.json.bind.annotation.JsonbNillable;
import java.time.Instant;

/**
 * A notice as admins see it in {@code GET /api/v1/notices}. A notice that could not reach its owner
 * (cancelled {@code owner_inactive}, or {@code failed}) carries its escalation to the admins: why
 * ({@code owner_inactive}, {@code undeliverable}), its state, when it was sent and to how many admins;
 * otherwise these are null.
 */
public record NoticeView(String id, String keyId, String threshold, Instant keyExpiresAt, String state, int attempts,
                         @JsonbNillable String lastError, @JsonbNillable Instant nextAttemptAt, Instant createdAt,
                         @JsonbNillable Instant sentAt, @JsonbNillable String recipient,
                         @JsonbNillable String cancelReason, @JsonbNillable String escalationReason,
                         @JsonbNillable String escalationState, @JsonbNillable Instant escalatedAt,
                         @JsonbNillable Integer escalationRecipients) {

    static NoticeView of(ExpiryNotice notice, NoticeEscalation escalation) {
        return new NoticeView(notice.id(), notice.keyId(), notice.threshold().wireName(), notice.keyExpiresAt(),
                notice.state().wireName(), notice.attempts(), notice.lastError(), notice.nextAttemptAt(),
                notice.createdAt(), notice.sentAt(), notice.recipient(), notice.cancelReason(),
                escalation == null ? null : escalation.reason().wireName(),
                escalation == null ? null : escalation.state().wireName(),
                escalation == null ? null : escalation.sentAt(),
                escalation == null ? null : escalation.recipients());
    }
}
