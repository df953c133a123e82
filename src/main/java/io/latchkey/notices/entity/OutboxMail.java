package io.latchkey.notices.entity;

import static io.latchkey.platform.UtcColumns.column;
import static io.latchkey.platform.UtcColumns.instant;

import jakarta.persistence.Column;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.MappedSuperclass;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;

/**
 * What every outbox row of this component shares (notices, escalations, digests): its state, attempts
 * with exponential backoff, the lease one scanner holds while sending, and how it ended. Each row's
 * uniqueness (what makes it exactly-once) is its own table's business.
 */
@MappedSuperclass
public abstract class OutboxMail {

    private static final int ERROR_MAX = 500;
    private static final Duration LONGEST_WAIT = Duration.ofHours(6);

    @Enumerated(EnumType.STRING)
    private NoticeState state;

    private int attempts;

    @Column(name = "last_error")
    private String lastError;

    @Column(name = "next_attempt_at")
    private LocalDateTime nextAttemptAt;

    @Column(name = "lease_until")
    private LocalDateTime leaseUntil;

    @Column(name = "created_at")
    private LocalDateTime createdAt;

    @Column(name = "sent_at")
    private LocalDateTime sentAt;

    @Column(name = "cancel_reason")
    private String cancelReason;

    protected OutboxMail() {
    }

    /** A new row, ready to be sent at once. */
    protected OutboxMail(Instant now) {
        this.state = NoticeState.PENDING;
        this.nextAttemptAt = column(now);
        this.createdAt = column(now);
    }

    protected void markSent(Instant now) {
        this.state = NoticeState.SENT;
        this.sentAt = column(now);
        this.attempts++;
        this.leaseUntil = null;
        this.lastError = null;
    }

    /** A failed attempt: back off exponentially (at most 6 hours), or give up after {@code maxAttempts}. */
    public void failed(String error, Instant now, Duration backoff, int maxAttempts) {
        this.attempts++;
        this.leaseUntil = null;
        this.lastError = error == null ? "unknown error"
                : error.length() > ERROR_MAX ? error.substring(0, ERROR_MAX) : error;
        if (attempts >= maxAttempts) {
            this.state = NoticeState.FAILED;
            return;
        }
        this.state = NoticeState.PENDING;
        Duration wait = backoff.multipliedBy(1L << Math.min(attempts - 1, 10));
        this.nextAttemptAt = column(now.plus(wait.compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : wait));
    }

    /** Back to the queue without counting an attempt (no mail server configured yet). */
    public void postpone() {
        this.state = NoticeState.PENDING;
        this.leaseUntil = null;
    }

    public void cancel(String reason) {
        this.state = NoticeState.CANCELLED;
        this.cancelReason = reason;
        this.leaseUntil = null;
    }

    public NoticeState state() {
        return state;
    }

    public int attempts() {
        return attempts;
    }

    public String lastError() {
        return lastError;
    }

    public Instant nextAttemptAt() {
        return instant(nextAttemptAt);
    }

    public Instant createdAt() {
        return instant(createdAt);
    }

    public Instant sentAt() {
        return instant(sentAt);
    }

    public String cancelReason() {
        return cancelReason;
    }
}
