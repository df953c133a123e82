package io.latchkey.accounts.control;

import io.latchkey.accounts.entity.DigestSchedule;
import io.latchkey.accounts.entity.IdentitySource;
import io.latchkey.accounts.entity.Organization;
import io.latchkey.accounts.entity.User;
import io.latchkey.platform.Like;
import io.latchkey.platform.Refusal;
import io.latchkey.platform.UtcColumns;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceException;
import jakarta.persistence.TypedQuery;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Users and organizations in the database; every lookup by id is scoped to an organization. */
@ApplicationScoped
public class UserStore {

    @PersistenceContext(unitName = "latchkey")
    EntityManager em;

    public boolean anyOrganization() {
        return em.createNamedQuery(Organization.COUNT, Long.class).getSingleResult() > 0;
    }

    public Organization organization(String id) {
        return em.find(Organization.class, id);
    }

    public Optional<User> byEmail(String email) {
        return em.createNamedQuery(User.BY_EMAIL, User.class)
                .setParameter("email", User.normalizeEmail(email))
                .getResultStream().findFirst();
    }

    /** Where the identity of the user with this email lives, if there is one (no entity is loaded). */
    public Optional<IdentitySource> sourceByEmail(String email) {
        return em.createQuery("select u.source from User u where u.email = :email", IdentitySource.class)
                .setParameter("email", User.normalizeEmail(email))
                .getResultStream().findFirst();
    }

    public Optional<User> byExternalId(IdentitySource source, String externalId) {
        return em.createNamedQuery(User.BY_EXTERNAL_ID, User.class)
                .setParameter("source", source)
                .setParameter("externalId", externalId)
                .getResultStream().findFirst();
    }

    /** The organization's active users of one source, in id order, a page at a time. */
    public List<User> activeFrom(String organizationId, IdentitySource source, int limit, int offset) {
        return em.createNamedQuery(User.ACTIVE_FROM_SOURCE, User.class)
                .setParameter("organization", organizationId)
                .setParameter("source", source)
                .setFirstResult(offset).setMaxResults(limit)
                .getResultList();
    }

    /**
     * Active users of one source holding more than {@code member} whose groups were last seen before
     * {@code before} (or never), in id order, at most {@code limit}: every organization's (a system job's read).
     */
    public List<User> groupRolesSeenBefore(IdentitySource source, Instant before, int limit) {
        return em.createNamedQuery(User.GROUP_ROLES_LAPSED, User.class)
                .setParameter("source", source)
                .setParameter("before", UtcColumns.column(before))
                .setMaxResults(limit)
                .getResultList();
    }

    /** The organization of this id, else the first one of this name; empty when neither exists. */
    public Optional<Organization> organizationByIdOrName(String idOrName) {
        Organization byId = em.find(Organization.class, idOrName);
        if (byId != null) {
            return Optional.of(byId);
        }
        return em.createQuery("select o from Organization o where o.name = :name order by o.createdAt", Organization.class)
                .setParameter("name", idOrName).setMaxResults(1).getResultStream().findFirst();
    }

    /** The installation's first organization (the one made at the first start). */
    public Optional<Organization> firstOrganization() {
        return em.createQuery("select o from Organization o order by o.createdAt, o.id", Organization.class)
                .setMaxResults(1).getResultStream().findFirst();
    }

    public Optional<User> byId(String userId) {
        return Optional.ofNullable(userId == null ? null : em.find(User.class, userId));
    }

    /** The user with this id in this organization, or a 404 naming it. */
    public User get(String organizationId, String userId) {
        return find(organizationId, userId, LockModeType.NONE);
    }

    /** The user with this id in this organization, if there is one. */
    public Optional<User> find(String organizationId, String userId) {
        User user = userId == null ? null : em.find(User.class, userId);
        return Optional.ofNullable(user).filter(u -> u.organization().id().equals(organizationId));
    }

    /** As {@link #get}, holding a write lock until the transaction ends (serializes per-user limits). */
    public User getLocked(String organizationId, String userId) {
        return find(organizationId, userId, LockModeType.PESSIMISTIC_WRITE);
    }

    private User find(String organizationId, String userId, LockModeType lock) {
        User user = userId == null ? null : em.find(User.class, userId, lock);
        if (user == null || !user.organization().id().equals(organizationId)) {
            throw Refusal.notFound("user", userId);
        }
        return user;
    }

    /** A page of the organization's users, oldest first; with {@code text}, those whose email or name contains it. */
    /** A page of the organization's users whose identity lives in one of {@code sources}; {@code text}: in email or name. */
    public List<User> list(String organizationId, Set<IdentitySource> sources, String text, int limit, int offset) {
        TypedQuery<User> query = text == null || text.isEmpty()
                ? em.createNamedQuery(User.IN_ORGANIZATION, User.class)
                : em.createNamedQuery(User.MATCHING_IN_ORGANIZATION, User.class).setParameter("text", Like.containing(text));
        return query.setParameter("organization", organizationId).setParameter("sources", sources)
                .setFirstResult(offset).setMaxResults(limit).getResultList();
    }

    /** The service accounts this person answers for. */
    public List<User> serviceAccountsOf(String personId) {
        return em.createNamedQuery(User.SERVICE_ACCOUNTS_OF, User.class).setParameter("person", personId).getResultList();
    }

    public long count(String organizationId, Set<IdentitySource> sources, String text) {
        TypedQuery<Long> query = text == null || text.isEmpty()
                ? em.createNamedQuery(User.COUNT_IN_ORGANIZATION, Long.class)
                : em.createNamedQuery(User.COUNT_MATCHING_IN_ORGANIZATION, Long.class).setParameter("text", Like.containing(text));
        return query.setParameter("organization", organizationId).setParameter("sources", sources).getSingleResult();
    }

    /** The organization's active admins, locked until the transaction ends (so two demotions cannot race). */
    public long activeAdmins(String organizationId) {
        return em.createNamedQuery(User.ACTIVE_ADMINS, User.class)
                .setParameter("organization", organizationId)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .getResultList().size();
    }

    /** The organization's active admins, unlocked: whom to tell about the organization's keys. */
    public List<User> activeAdminsOf(String organizationId) {
        return em.createNamedQuery(User.ACTIVE_ADMINS, User.class)
                .setParameter("organization", organizationId)
                .getResultList();
    }

    /** The organizations that revoke unused keys. */
    public List<Organization> organizationsRevokingUnused() {
        return em.createNamedQuery(Organization.REVOKING_UNUSED, Organization.class).getResultList();
    }

    /** The ids of the organizations whose expiry digest is {@code schedule}. */
    public List<String> organizationsWithDigest(DigestSchedule schedule) {
        return em.createNamedQuery(Organization.WITH_DIGEST, String.class)
                .setParameter("schedule", schedule)
                .getResultList();
    }

    /**
     * Replaces a password hash with a stronger one of the same password (more iterations), unless it
     * was changed meanwhile. Its own short transaction: it is the one write of the authentication path.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void upgradePasswordHash(String userId, String weaker, String stronger) {
        em.createQuery("update User u set u.passwordHash = :stronger where u.id = :id and u.passwordHash = :weaker")
                .setParameter("stronger", stronger)
                .setParameter("id", userId)
                .setParameter("weaker", weaker)
                .executeUpdate();
    }

    public void add(Organization organization) {
        em.persist(organization);
    }

    /** Inserts at once, so that a user created meanwhile with the same email is a 409, not a failed commit. */
    public void add(User user) {
        em.persist(user);
        try {
            em.flush();
        } catch (PersistenceException e) {
            throw Refusal.conflict("email_taken", "A user with this email already exists");
        }
    }
}
