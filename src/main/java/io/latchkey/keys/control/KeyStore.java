package io.latchkey.keys.control;

import static io.latchkey.platform.UtcColumns.column;

import io.latchkey.keys.entity.ApiKey;
import io.latchkey.keys.entity.KeyStatus;
import io.latchkey.platform.Like;
import io.latchkey.platform.Refusal;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** API keys in the database. Every lookup by id and every list is scoped to one organization. */
@ApplicationScoped
public class KeyStore {

    @PersistenceContext(unitName = "latchkey")
    EntityManager em;

    /** Which keys a list shows. {@code ownerId}, {@code text} and {@code status} are optional. */
    public record Filter(String organizationId, String ownerId, String text, KeyStatus status) {
    }

    public void add(ApiKey key) {
        em.persist(key);
    }

    public Optional<ApiKey> byDigest(String digest) {
        return em.createNamedQuery(ApiKey.BY_DIGEST, ApiKey.class)
                .setParameter("digest", digest)
                .getResultStream().findFirst();
    }

    /** The key whose old secret, kept by a regeneration with a grace period, has this digest. */
    public Optional<ApiKey> byPreviousDigest(String digest) {
        return em.createNamedQuery(ApiKey.BY_PREVIOUS_DIGEST, ApiKey.class)
                .setParameter("digest", digest)
                .getResultStream().findFirst();
    }

    /** The keys of one owner that still have an old secret in its grace period (or had one). */
    public List<ApiKey> withPreviousSecret(String ownerId) {
        return em.createNamedQuery(ApiKey.WITH_PREVIOUS_SECRET, ApiKey.class)
                .setParameter("owner", ownerId)
                .getResultList();
    }

    /** The key with this id in this organization, or a 404 naming it. */
    public ApiKey get(String organizationId, String keyId) {
        ApiKey key = keyId == null ? null : em.find(ApiKey.class, keyId);
        if (key == null || !key.organizationId().equals(organizationId)) {
            throw Refusal.notFound("key", keyId);
        }
        return key;
    }

    /** The keys not yet revoked that {@code parentKeyId} created, edited or regenerated (see {@link KeyLineage}). */
    public List<ApiKey> madeBy(String organizationId, String parentKeyId) {
        return em.createNamedQuery(ApiKey.MADE_BY, ApiKey.class)
                .setParameter("organization", organizationId)
                .setParameter("parent", parentKeyId)
                .getResultList();
    }

    /** The owner's keys not revoked and not expired. */
    /** The organization's keys that carry any of these scopes. */
    public List<ApiKey> carryingAny(String organizationId, java.util.Collection<String> scopes) {
        java.util.Map<String, ApiKey> found = new java.util.LinkedHashMap<>();
        for (String scope : scopes) {
            em.createNamedQuery(ApiKey.WITH_SCOPE_TEXT, ApiKey.class)
                    .setParameter("organization", organizationId)
                    .setParameter("text", "%" + scope + "%")
                    .getResultStream().filter(key -> key.scopes().contains(scope)).forEach(key -> found.putIfAbsent(key.id(), key));
        }
        return List.copyOf(found.values());
    }

    public List<ApiKey> activeOf(String ownerId, Instant now) {
        return em.createNamedQuery(ApiKey.ACTIVE_KEYS_OF_OWNER, ApiKey.class)
                .setParameter("owner", ownerId)
                .setParameter("now", column(now))
                .getResultList();
    }

    public long activeKeysOf(String ownerId, Instant now) {
        return em.createNamedQuery(ApiKey.ACTIVE_OF_OWNER, Long.class)
                .setParameter("owner", ownerId)
                .setParameter("now", column(now))
                .getSingleResult();
    }

    /** Newest first. */
    public List<ApiKey> list(Filter filter, Instant now, int limit, int offset) {
        return query(filter, now, "select k", ApiKey.class, " order by k.createdAt desc, k.id desc")
                .setFirstResult(offset).setMaxResults(limit)
                .getResultList();
    }

    public long count(Filter filter, Instant now) {
        return query(filter, now, "select count(k)", Long.class, "").getSingleResult();
    }

    /** Unrevoked keys expiring before {@code horizon} and after {@code since}, soonest first. */
    public List<ApiKey> nearingExpiry(Instant horizon, Instant since) {
        return em.createNamedQuery(ApiKey.NEARING_EXPIRY, ApiKey.class)
                .setParameter("horizon", column(horizon))
                .setParameter("since", column(since))
                .getResultList();
    }

    /**
     * One organization's unrevoked, unexpired keys not issued nor used (with either secret) after {@code cutoff}.
     */
    public List<ApiKey> unusedSince(String organizationId, Instant cutoff, Instant now) {
        return em.createNamedQuery(ApiKey.UNUSED_SINCE, ApiKey.class)
                .setParameter("organization", organizationId)
                .setParameter("cutoff", column(cutoff))
                .setParameter("now", column(now))
                .getResultList();
    }

    /**
     * One organization's unrevoked keys that are still valid at {@code now} and expire by {@code horizon},
     * ordered by owner (email), then expiry; at most {@code limit}.
     */
    public List<ApiKey> expiringIn(String organizationId, Instant now, Instant horizon, int limit) {
        return em.createNamedQuery(ApiKey.EXPIRING_IN_ORGANIZATION, ApiKey.class)
                .setParameter("organization", organizationId)
                .setParameter("now", column(now))
                .setParameter("horizon", column(horizon))
                .setMaxResults(limit)
                .getResultList();
    }

    /** How many keys {@link #expiringIn} would list without a limit. */
    public long countExpiringIn(String organizationId, Instant now, Instant horizon) {
        return em.createNamedQuery(ApiKey.COUNT_EXPIRING_IN_ORGANIZATION, Long.class)
                .setParameter("organization", organizationId)
                .setParameter("now", column(now))
                .setParameter("horizon", column(horizon))
                .getSingleResult();
    }

    /** The key with this id in any organization (for internal jobs, never for callers). */
    public Optional<ApiKey> byId(String keyId) {
        return Optional.ofNullable(em.find(ApiKey.class, keyId));
    }

    /**
     * Records a use unless a later one is already recorded. Plain SQL on purpose: a JPQL bulk update
     * would also bump the key's optimistic-lock version, and a background write must never make an
     * admin's revocation or edit fail as a concurrent modification.
     */
    public void recordUse(String keyId, Instant at, String ip) {
        em.createNativeQuery("update api_keys set last_used_at = ?1, last_used_ip = ?2"
                        + " where id = ?3 and (last_used_at is null or last_used_at < ?1)")
                .setParameter(1, column(at))
                .setParameter(2, ip)
                .setParameter(3, keyId)
                .executeUpdate();
    }

    /**
     * Adds {@code requests} to the key's count for the hour starting at {@code hour}; false when there was no row
     * for that hour yet (the caller inserts it: {@link #insertUsage}). Plain SQL, like {@link #recordUse}.
     */
    public boolean addUsage(String keyId, Instant hour, long requests) {
        return em.createNativeQuery("update key_usage set requests = requests + ?1 where key_id = ?2 and hour_start = ?3")
                .setParameter(1, requests)
                .setParameter(2, keyId)
                .setParameter(3, column(hour))
                .executeUpdate() > 0;
    }

    /** The first count of a key's hour; fails on a row another instance inserted meanwhile (then add to it). */
    public void insertUsage(String keyId, Instant hour, long requests) {
        em.createNativeQuery("insert into key_usage (key_id, hour_start, requests) select ?1, ?2, ?3"
                        + " from api_keys where id = ?1")
                .setParameter(1, keyId)
                .setParameter(2, column(hour))
                .setParameter(3, requests)
                .executeUpdate();
    }

    /** Forgets the hours before {@code before}. */
    public int pruneUsage(Instant before) {
        return em.createNativeQuery("delete from key_usage where hour_start < ?1")
                .setParameter(1, column(before))
                .executeUpdate();
    }

    /** The key's requests per hour since {@code since}, oldest first: the hour's start and its count. */
    public java.util.SortedMap<Instant, Long> usage(String keyId, Instant since) {
        java.util.SortedMap<Instant, Long> hours = new java.util.TreeMap<>();
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select hour_start, requests from key_usage"
                        + " where key_id = ?1 and hour_start >= ?2 order by hour_start")
                .setParameter(1, keyId)
                .setParameter(2, column(since))
                .getResultList();
        for (Object[] row : rows) {
            hours.put(io.latchkey.platform.UtcColumns.instantOf(row[0]), ((Number) row[1]).longValue());
        }
        return hours;
    }

    /** Records a use of a key's old secret during its grace period, unless a later one is recorded. */
    public void recordPreviousSecretUse(String keyId, Instant at) {
        em.createNativeQuery("update api_keys set previous_secret_last_used_at = ?1"
                        + " where id = ?2 and (previous_secret_last_used_at is null or previous_secret_last_used_at < ?1)")
                .setParameter(1, column(at))
                .setParameter(2, keyId)
                .executeUpdate();
    }

    /**
     * Revokes the key if it is active now, in one conditional update; true only for the one caller that
     * revoked it. Two reports of the same key at once (on any instances) revoke and audit it once: the
     * second update waits for the first's row lock and then matches nothing. Ends an old secret in its
     * grace period too, as {@link ApiKey#revoke} does, and bumps the version like any change of the entity.
     */
    public boolean revokeIfActive(String keyId, Instant now) {
        return em.createQuery("update ApiKey k set k.revokedAt = :now, k.previousSecretDigest = null,"
                        + " k.previousSecretExpiresAt = null, k.version = k.version + 1"
                        + " where k.id = :id and k.revokedAt is null and k.expiresAt > :now")
                .setParameter("now", column(now))
                .setParameter("id", keyId)
                .executeUpdate() > 0;
    }

    private <T> TypedQuery<T> query(Filter filter, Instant now, String select, Class<T> type, String order) {
        StringBuilder jpql = new StringBuilder(select).append(" from ApiKey k where k.organizationId = :organization");
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("organization", filter.organizationId());
        if (filter.ownerId() != null) {
            jpql.append(" and k.owner.id = :owner");
            parameters.put("owner", filter.ownerId());
        }
        if (filter.text() != null && !filter.text().isEmpty()) {
            jpql.append(" and lower(k.description) like :text escape '\\'");
            parameters.put("text", Like.containing(filter.text()));
        }
        if (filter.status() != null) {
            switch (filter.status()) {
                case ACTIVE -> jpql.append(" and k.revokedAt is null and k.expiresAt > :now");
                case EXPIRED -> jpql.append(" and k.revokedAt is null and k.expiresAt <= :now");
                case REVOKED -> jpql.append(" and k.revokedAt is not null");
            }
            if (filter.status() != KeyStatus.REVOKED) {
                parameters.put("now", column(now));
            }
        }
        TypedQuery<T> query = em.createQuery(jpql.append(order).toString(), type);
        parameters.forEach(query::setParameter);
        return query;
    }

}
