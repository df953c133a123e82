package io.latchkey.notices.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A notice that could not reach its owner, on its way to the organization's active admins. Its id is the
 * notice's, so a notice escalates at most once; it is created in the transaction that cancels or fails
 * the notice (which only the notice's lease holder runs), and sent through its own lease like a notice.
 */
@Entity
@Table(name = "notice_escalations")
@NamedQuery(name = NoticeEscalation.READY, query = "select e.noticeId from NoticeEscalation e where"
        + " (e.state = io.latchkey.notices.entity.NoticeState.PENDING and e.nextAttemptAt <= :now)"
        + " or (e.state = io.latchkey.notices.entity.NoticeState.SENDING and e.leaseUntil < :now)"
        + " order by e.createdAt")
@NamedQuery(name = NoticeEscalation.LEASE, query = "update NoticeEscalation e"
        + " set e.state = io.latchkey.notices.entity.NoticeState.SENDING, e.leaseUntil = :leaseUntil"
        + " where e.noticeId = :id and ((e.state = io.latchkey.notices.entity.NoticeState.PENDING and e.nextAttemptAt <= :now)"
        + " or (e.state = io.latchkey.notices.entity.NoticeState.SENDING and e.leaseUntil < :now))")
@NamedQuery(name = NoticeEscalation.OF_NOTICES, query = "select e from NoticeEscalation e where e.noticeId in :ids")
public class NoticeEscalation extends OutboxMail {

    public static final String READY = "NoticeEscalation.ready";
    public static final String LEASE = "NoticeEscalation.lease";
    public static final String OF_NOTICES = "NoticeEscalation.ofNotices";

    @Id
    @Column(name = "notice_id", length = 36)
    private String noticeId;

    @Column(name = "organization_id")
    private String organizationId;

    @Column(name = "key_id")
    private String keyId;

    @Enumerated(EnumType.STRING)
    private EscalationReason reason;

    /** How many admins the mail went to. */
    private Integer recipients;

    protected NoticeEscalation() {
    }

    NoticeEscalation(ExpiryNotice notice, EscalationReason reason, Instant now) {
        super(now);
        this.noticeId = notice.id();
        this.organizationId = notice.organizationId();
        this.keyId = notice.keyId();
        this.reason = reason;
    }

    /** Every attempt carries the same Message-ID, so a duplicate after a crash is recognisable. */
    public String messageId(String domain) {
        return "<escalation." + noticeId + "@" + domain + ">";
    }

    public void sent(int recipients, Instant now) {
        markSent(now);
        this.recipients = recipients;
    }

    public String noticeId() {
        return noticeId;
    }

    public String organizationId() {
        return organizationId;
    }

    public String keyId() {
        return keyId;
    }

    public EscalationReason reason() {
        return reason;
    }

    public Integer recipients() {
        return recipients;
    }
}
