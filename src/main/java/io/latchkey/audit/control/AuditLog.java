package io.latchkey.audit.control;

import static io.latchkey.platform.UtcColumns.column;

import io.latchkey.audit.entity.Actor;
import io.latchkey.audit.entity.EventType;
import io.latchkey.audit.entity.KeyEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import jakarta.persistence.TypedQuery;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Writes and reads key events, in the caller's transaction; each one written is also fired as {@link Audited}. */
@ApplicationScoped
public class AuditLog {

    /** A group of rejected uses: one key, one kind of rejection, one client, one hour. */
    public record RejectedUse(String organizationId, String keyId, EventType type, String clientIp, Instant hour) {
    }

    /** How many rejected uses of a group, and the latest one's time and user agent. */
    public record Tally(int count, Instant last, String userAgent) {
    }

    /** Which events an organization-wide search returns; every field but the organization optional. */
    public record Search(String organizationId, String keyId, String actorId, String viaKeyId, String type, Instant since,
                         Instant until) {
    }

    @PersistenceContext(unitName = "latchkey")
    EntityManager em;

    @Inject
    Event<Audited> audited;

    /** Adds to an existing group's event; false when there is none yet. */
    public boolean addOccurrences(RejectedUse group, Tally tally) {
        return em.createNamedQuery(KeyEvent.ADD_OCCURRENCES)
                .setParameter("count", tally.count())
                .setParameter("last", column(tally.last()))
                .setParameter("userAgent", cut(tally.userAgent(), 300))
                .setParameter("key", group.keyId())
                .setParameter("type", group.type().wireName())
                .setParameter("clientIp", group.clientIp())
                .setParameter("hour", column(group.hour()))
                .executeUpdate() > 0;
    }

    /** Creates a group's event; fails at once (flush) if another instance just created it. */
    public void recordRejectedUses(RejectedUse group, Tally tally) {
        em.persist(KeyEvent.aggregated(group.organizationId(), group.keyId(), group.type(), group.hour(), tally.count(),
                tally.last(), group.clientIp(), tally.userAgent()));
        em.flush();
    }

    /** Newest first. */
    public List<KeyEvent> search(Search search, int limit, int offset) {
        return query(search, "select e", KeyEvent.class, " order by e.occurredAt desc, e.id desc")
                .setFirstResult(offset).setMaxResults(limit).getResultList();
    }

    public long count(Search search) {
        return query(search, "select count(e)", Long.class, "").getSingleResult();
    }

    private <T> TypedQuery<T> query(Search search, String select, Class<T> type, String order) {
        StringBuilder jpql = new StringBuilder(select).append(" from KeyEvent e where e.organizationId = :organization");
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("organization", search.organizationId());
        if (search.keyId() != null) {
            jpql.append(" and e.keyId = :key");
            parameters.put("key", search.keyId());
        }
        if (search.actorId() != null) {
            jpql.append(" and e.actorId = :actor");
            parameters.put("actor", search.actorId());
        }
        if (search.viaKeyId() != null) {
            jpql.append(" and e.viaKeyId = :viaKey");
            parameters.put("viaKey", search.viaKeyId());
        }
        if (search.type() != null) {
            jpql.append(" and e.type = :type");
            parameters.put("type", search.type());
        }
        if (search.since() != null) {
            jpql.append(" and e.occurredAt >= :since");
            parameters.put("since", column(search.since()));
        }
        if (search.until() != null) {
            jpql.append(" and e.occurredAt < :until");
            parameters.put("until", column(search.until()));
        }
        TypedQuery<T> query = em.createQuery(jpql.append(order).toString(), type);
        parameters.forEach(query::setParameter);
        return query;
    }

    private static String cut(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }

    /** An event about a key. */
    public void record(String organizationId, String keyId, EventType type, Actor actor, Instant at, JsonObject details) {
        em.persist(new KeyEvent(organizationId, keyId, null, type, actor, at, details == null ? null : details.toString()));
        audited.fire(new Audited(organizationId, keyId, null, type, actor, at, details));
    }

    /** An event about a user, or about the organization itself ({@code userId} null). */
    public void recordAccount(String organizationId, String userId, EventType type, Actor actor, Instant at,
                              JsonObject details) {
        em.persist(new KeyEvent(organizationId, null, userId, type, actor, at, details == null ? null : details.toString()));
        audited.fire(new Audited(organizationId, null, userId, type, actor, at, details));
    }

    public List<KeyEvent> ofKey(String organizationId, String keyId, int limit, int offset) {
        return em.createNamedQuery(KeyEvent.OF_KEY, KeyEvent.class)
                .setParameter("organization", organizationId)
                .setParameter("key", keyId)
                .setFirstResult(offset).setMaxResults(limit)
                .getResultList();
    }

    public long countOfKey(String organizationId, String keyId) {
        return em.createNamedQuery(KeyEvent.COUNT_OF_KEY, Long.class)
                .setParameter("organization", organizationId)
                .setParameter("key", keyId)
                .getSingleResult();
    }
}
