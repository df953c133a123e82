package io.latchkey.notices.entity;

import static io.latchkey.platform.UtcColumns.column;
import static io.latchkey.platform.UtcColumns.instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.UUID;

/**
 * One expiry notice for one key, one threshold and one expiry date: the outbox row that makes
 * "exactly once" a database fact. The unique index on (key, threshold, expiry) lets only one
 * scanner, on any instance, create it; the conditional lease update lets only one send it.
 */
@Entity
@Table(name = "expiry_notices")
@NamedQuery(name = ExpiryNotice.EXISTING, query = "select count(n) from ExpiryNotice n where n.keyId = :key"
        + " and n.threshold = :threshold and n.keyExpiresAt = :expiresAt")
@NamedQuery(name = ExpiryNotice.READY, query = "select n.id from ExpiryNotice n where"
        + " (n.state = io.latchkey.notices.entity.NoticeState.PENDING and n.nextAttemptAt <= :now)"
        + " or (n.state = io.latchkey.notices.entity.NoticeState.SENDING and n.leaseUntil < :now)"
        + " order by n.createdAt")
@NamedQuery(name = ExpiryNotice.LEASE, query = "update ExpiryNotice n"
        + " set n.state = io.latchkey.notices.entity.NoticeState.SENDING, n.leaseUntil = :leaseUntil"
        + " where n.id = :id and ((n.state = io.latchkey.notices.entity.NoticeState.PENDING and n.nextAttemptAt <= :now)"
        + " or (n.state = io.latchkey.notices.entity.NoticeState.SENDING and n.leaseUntil < :now))")
public class ExpiryNotice {

    public static final String EXISTING = "ExpiryNotice.existing";
    public static final String READY = "ExpiryNotice.ready";
    public static final String LEASE = "ExpiryNotice.lease";
    private static final int ERROR_MAX = 500;

    @Id
    @Column(length = 36)
    private String id;

    @Column(name = "key_id")
    private String keyId;

    @Column(name = "organization_id")
    private String organizationId;

    @Enumerated(EnumType.STRING)
    private Threshold threshold;

    /** The expiry this notice warns about; a regeneration with a new expiry starts a new schedule. */
    @Column(name = "key_expires_at")
    private LocalDateTime keyExpiresAt;

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

    private String recipient;

    /** Why a cancelled notice was not sent: {@code key_revoked}, {@code key_expiry_changed}, {@code owner_inactive}. */
    @Column(name = "cancel_reason")
    private String cancelReason;

    protected ExpiryNotice() {
    }

    public ExpiryNotice(String keyId, String organizationId, Threshold threshold, Instant keyExpiresAt, Instant now) {
        this.id = UUID.randomUUID().toString();
        this.keyId = keyId;
        this.organizationId = organizationId;
        this.threshold = threshold;
        this.keyExpiresAt = column(keyExpiresAt);
        this.state = NoticeState.PENDING;
        this.nextAttemptAt = column(now);
        this.createdAt = column(now);
    }

    /**
     * The Message-ID every attempt of this notice carries, derived from (key, threshold, expiry): a
     * duplicate after a crash is recognisable as the same message.
     */
    public String messageId(String domain) {
        return "<notice." + keyId + "." + threshold.wireName() + "." + instant(keyExpiresAt).toEpochMilli()
                + "@" + domain + ">";
    }

    public void sent(String recipient, Instant now) {
        this.state = NoticeState.SENT;
        this.recipient = recipient;
        this.sentAt = column(now);
        this.attempts++;
        this.leaseUntil = null;
        this.lastError = null;
    }

    /** A failed attempt: back off exponentially, or give up after {@code maxAttempts}. */
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
        long factor = 1L << Math.min(attempts - 1, 10);
        Duration wait = backoff.multipliedBy(factor);
        Duration longest = Duration.ofHours(6);
        this.nextAttemptAt = column(now.plus(wait.compareTo(longest) > 0 ? longest : wait));
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

    public String cancelReason() {
        return cancelReason;
    }

    public String id() {
        return id;
    }

    public String keyId() {
        return keyId;
    }

    public String organizationId() {
        return organizationId;
    }

    public Threshold threshold() {
        return threshold;
    }

    public Instant keyExpiresAt() {
        return instant(keyExpiresAt);
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

    public String recipient() {
        return recipient;
    }
}
