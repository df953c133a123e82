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
@NamedQuery(name = ExpiryNotice.LATEST_CLAIM, query = "select max(n.createdAt) from ExpiryNotice n where n.keyId = :key"
        + " and n.threshold = :threshold")
@NamedQuery(name = ExpiryNotice.READY, query = "select n.id from ExpiryNotice n where"
        + " (n.state = io.latchkey.notices.entity.NoticeState.PENDING and n.nextAttemptAt <= :now)"
        + " or (n.state = io.latchkey.notices.entity.NoticeState.SENDING and n.leaseUntil < :now)"
        + " order by n.createdAt")
@NamedQuery(name = ExpiryNotice.LEASE, query = "update ExpiryNotice n"
        + " set n.state = io.latchkey.notices.entity.NoticeState.SENDING, n.leaseUntil = :leaseUntil"
        + " where n.id = :id and ((n.state = io.latchkey.notices.entity.NoticeState.PENDING and n.nextAttemptAt <= :now)"
        + " or (n.state = io.latchkey.notices.entity.NoticeState.SENDING and n.leaseUntil < :now))")
public class ExpiryNotice extends OutboxMail {

    public static final String EXISTING = "ExpiryNotice.existing";
    public static final String LATEST_CLAIM = "ExpiryNotice.latestClaim";
    public static final String READY = "ExpiryNotice.ready";
    public static final String LEASE = "ExpiryNotice.lease";

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

    private String recipient;

    protected ExpiryNotice() {
    }

    public ExpiryNotice(String keyId, String organizationId, Threshold threshold, Instant keyExpiresAt, Instant now) {
        super(now);
        this.id = UUID.randomUUID().toString();
        this.keyId = keyId;
        this.organizationId = organizationId;
        this.threshold = threshold;
        this.keyExpiresAt = column(keyExpiresAt);
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
        markSent(now);
        this.recipient = recipient;
    }

    /**
     * The admins hear of this notice instead of its owner: the one escalation this notice can have
     * (its id is the notice's).
     */
    public NoticeEscalation escalate(EscalationReason reason, Instant now) {
        return new NoticeEscalation(this, reason, now);
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

    public String recipient() {
        return recipient;
    }
}
