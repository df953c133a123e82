package io.latchkey.notices.control;

import static io.latchkey.platform.UtcColumns.column;

import io.latchkey.notices.entity.ExpiryNotice;
import io.latchkey.notices.entity.NoticeState;
import io.latchkey.notices.entity.Threshold;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import java.time.Instant;
import java.util.List;

/** The notice outbox in the database. */
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

    /** Inserts at once, so that a competing claim fails here rather than at commit. */
    public void add(ExpiryNotice notice) {
        em.persist(notice);
        em.flush();
    }

    public ExpiryNotice get(String id) {
        return em.find(ExpiryNotice.class, id);
    }

    public List<String> ready(Instant now) {
        return em.createNamedQuery(ExpiryNotice.READY, String.class)
                .setParameter("now", column(now))
                .getResultList();
    }

    /** Takes the notice for one scanner until {@code leaseUntil}; false if another has it or it is not ready. */
    public boolean lease(String id, Instant now, Instant leaseUntil) {
        return em.createNamedQuery(ExpiryNotice.LEASE)
                .setParameter("id", id)
                .setParameter("now", column(now))
                .setParameter("leaseUntil", column(leaseUntil))
                .executeUpdate() == 1;
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
