package io.latchkey.notices.control;

import static io.latchkey.platform.UtcColumns.column;

import io.latchkey.notices.entity.ExpiryDigest;
import io.latchkey.notices.entity.ExpiryNotice;
import io.latchkey.notices.entity.NoticeEscalation;
import io.latchkey.notices.entity.NoticeState;
import io.latchkey.notices.entity.OutboxMail;
import io.latchkey.notices.entity.Threshold;
import io.latchkey.platform.UtcColumns;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The outbox in the database: notices, their escalations to admins, and weekly digests. */
@ApplicationScoped
public class NoticeStore {

    @PersistenceContext(unitName = "latchkey")
    EntityManager em;

    public boolean exists(String keyId, Threshold threshold, Instant keyExpiresAt) {
        return em.createNamedQuery(ExpiryNotice.EXISTING, Long.class)
                .setParameter("key", keyId)
                .setParameter("threshold", threshold)
                .setParameter("expiresAt", column(keyExpiresAt))
                .getSingleResult() > 0;
    }

    /** When the latest notice of this threshold for the key was claimed, if one was. */
    public Optional<Instant> latestClaim(String keyId, Threshold threshold) {
        return Optional.ofNullable(em.createNamedQuery(ExpiryNotice.LATEST_CLAIM, LocalDateTime.class)
                .setParameter("key", keyId)
                .setParameter("threshold", threshold)
                .getSingleResult()).map(UtcColumns::instant);
    }

    public boolean digestExists(String organizationId, String isoWeek) {
        return em.createNamedQuery(ExpiryDigest.EXISTING, Long.class)
                .setParameter("organization", organizationId)
                .setParameter("week", isoWeek)
                .getSingleResult() > 0;
    }

    /** Inserts at once, so that a competing claim fails here rather than at commit. */
    public void add(OutboxMail row) {
        em.persist(row);
        em.flush();
    }

    public ExpiryNotice get(String id) {
        return em.find(ExpiryNotice.class, id);
    }

    public NoticeEscalation escalation(String noticeId) {
        return em.find(NoticeEscalation.class, noticeId);
    }

    public ExpiryDigest digest(String id) {
        return em.find(ExpiryDigest.class, id);
    }

    public List<String> ready(Instant now) {
        return ready(ExpiryNotice.READY, now);
    }

    public List<String> readyEscalations(Instant now) {
        return ready(NoticeEscalation.READY, now);
    }

    public List<String> readyDigests(Instant now) {
        return ready(ExpiryDigest.READY, now);
    }

    private List<String> ready(String query, Instant now) {
        return em.createNamedQuery(query, String.class)
                .setParameter("now", column(now))
                .getResultList();
    }

    /** Takes the notice for one scanner until {@code leaseUntil}; false if another has it or it is not ready. */
    public boolean lease(String id, Instant now, Instant leaseUntil) {
        return lease(ExpiryNotice.LEASE, id, now, leaseUntil);
    }

    /** As {@link #lease}, for an escalation. */
    public boolean leaseEscalation(String noticeId, Instant now, Instant leaseUntil) {
        return lease(NoticeEscalation.LEASE, noticeId, now, leaseUntil);
    }

    /** As {@link #lease}, for a digest. */
    public boolean leaseDigest(String id, Instant now, Instant leaseUntil) {
        return lease(ExpiryDigest.LEASE, id, now, leaseUntil);
    }

    private boolean lease(String query, String id, Instant now, Instant leaseUntil) {
        return em.createNamedQuery(query)
                .setParameter("id", id)
                .setParameter("now", column(now))
                .setParameter("leaseUntil", column(leaseUntil))
                .executeUpdate() == 1;
    }

    /** The escalations of these notices, by notice id. */
    public Map<String, NoticeEscalation> escalationsOf(List<String> noticeIds) {
        if (noticeIds.isEmpty()) {
            return Map.of();
        }
        return em.createNamedQuery(NoticeEscalation.OF_NOTICES, NoticeEscalation.class)
                .setParameter("ids", noticeIds)
                .getResultStream()
                .collect(Collectors.toMap(NoticeEscalation::noticeId, Function.identity()));
    }

    /** Notices of one organization, newest first; state and key optional. */
    public List<ExpiryNotice> list(String organizationId, NoticeState state, String keyId, int limit, int offset) {
        return query(organizationId, state, keyId, "select n", ExpiryNotice.class, " order by n.createdAt desc, n.id desc")
                .setFirstResult(offset).setMaxResults(limit).getResultList();
    }

    public long count(String organizationId, NoticeState state, String keyId) {
        return query(organizationId, state, keyId, "select count(n)", Long.class, "").getSingleResult();
    }

    private <T> TypedQuery<T> query(String organizationId, NoticeState state, String keyId, String select,
                                    Class<T> type, String order) {
        StringBuilder jpql = new StringBuilder(select)
                .append(" from ExpiryNotice n where n.organizationId = :organization");
        if (state != null) {
            jpql.append(" and n.state = :state");
        }
        if (keyId != null) {
            jpql.append(" and n.keyId = :key");
        }
        TypedQuery<T> query = em.createQuery(jpql.append(order).toString(), type)
                .setParameter("organization", organizationId);
        if (state != null) {
            query.setParameter("state", state);
        }
        if (keyId != null) {
            query.setParameter("key", keyId);
        }
        return query;
    }

}
