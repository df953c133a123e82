package io.latchkey.audit.control;

import io.latchkey.audit.entity.KeyEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonObject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.List;

/** Writes and reads key events, in the caller's transaction. */
@ApplicationScoped
public class AuditLog {

    /** Who did it and from where; all optional (a scan has no actor and no client). */
    public record Actor(String userId, String clientIp, String userAgent) {

        public static final Actor SYSTEM = new Actor(null, null, null);
    }

    @PersistenceContext(unitName = "latchkey")
    EntityManager em;

    public void record(String organizationId, String keyId, String type, Actor actor, Instant at, JsonObject details) {
        em.persist(new KeyEvent(organizationId, keyId, type, actor.userId(), at, actor.clientIp(), actor.userAgent(),
                details == null ? null : details.toString()));
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
