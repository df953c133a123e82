package io.latchkey.notices.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;
import java.util.UUID;

/**
 * One organization's expiry digest for one ISO week (UTC): the unique index on (organization, week)
 * lets only one scanner, on any instance, create it, and the conditional lease update lets only one
 * send it. What it lists is read when it is sent.
 */
@Entity
@Table(name = "expiry_digests")
@NamedQuery(name = ExpiryDigest.EXISTING, query = "select count(d) from ExpiryDigest d"
        + " where d.organizationId = :organization and d.isoWeek = :week")
@NamedQuery(name = ExpiryDigest.READY, query = "select d.id from ExpiryDigest d where"
        + " (d.state = io.latchkey.notices.entity.NoticeState.PENDING and d.nextAttemptAt <= :now)"
        + " or (d.state = io.latchkey.notices.entity.NoticeState.SENDING and d.leaseUntil < :now)"
        + " order by d.createdAt")
@NamedQuery(name = ExpiryDigest.LEASE, query = "update ExpiryDigest d"
        + " set d.state = io.latchkey.notices.entity.NoticeState.SENDING, d.leaseUntil = :leaseUntil"
        + " where d.id = :id and ((d.state = io.latchkey.notices.entity.NoticeState.PENDING and d.nextAttemptAt <= :now)"
        + " or (d.state = io.latchkey.notices.entity.NoticeState.SENDING and d.leaseUntil < :now))")
public class ExpiryDigest extends OutboxMail {

    public static final String EXISTING = "ExpiryDigest.existing";
    public static final String READY = "ExpiryDigest.ready";
    public static final String LEASE = "ExpiryDigest.lease";
    /** How far ahead a digest looks. */
    public static final int HORIZON_DAYS = 30;

    @Id
    @Column(length = 36)
    private String id;

    @Column(name = "organization_id")
    private String organizationId;

    /** {@code 2026-W48}. */
    @Column(name = "iso_week")
    private String isoWeek;

    private Integer recipients;

    @Column(name = "key_count")
    private Integer keyCount;

    protected ExpiryDigest() {
    }

    public ExpiryDigest(String organizationId, Instant now) {
        super(now);
        this.id = UUID.randomUUID().toString();
        this.organizationId = organizationId;
        this.isoWeek = isoWeek(now);
    }

    /** The ISO week (UTC) {@code at} lies in, as {@code 2026-W48}; weeks start on Monday. */
    public static String isoWeek(Instant at) {
        var day = at.atOffset(ZoneOffset.UTC).toLocalDate();
        return String.format("%04d-W%02d", day.get(IsoFields.WEEK_BASED_YEAR), day.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
    }

    /** Every attempt carries the same Message-ID, so a duplicate after a crash is recognisable. */
    public String messageId(String domain) {
        return "<digest." + organizationId + "." + isoWeek + "@" + domain + ">";
    }

    public void sent(int recipients, int keyCount, Instant now) {
        markSent(now);
        this.recipients = recipients;
        this.keyCount = keyCount;
    }

    public String id() {
        return id;
    }

    public String organizationId() {
        return organizationId;
    }

    public String isoWeek() {
        return isoWeek;
    }

    public Integer recipients() {
        return recipients;
    }

    public Integer keyCount() {
        return keyCount;
    }
}
