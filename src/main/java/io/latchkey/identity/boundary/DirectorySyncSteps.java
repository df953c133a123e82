package io.latchkey.identity.boundary;

import io.latchkey.accounts.control.Accounts;
import io.latchkey.accounts.control.Accounts.ExternalIdentity;
import io.latchkey.accounts.control.UserStore;
import io.latchkey.accounts.entity.IdentitySource;
import io.latchkey.accounts.entity.User;
import io.latchkey.identity.entity.DirectorySyncRun;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The directory sync's steps, each its own short transaction, so that a sync of many users holds no long lock. */
@ApplicationScoped
@Transactional(Transactional.TxType.REQUIRES_NEW)
public class DirectorySyncSteps {

    /** A directory user as the sync checks them. */
    public record Member(String userId, String email, String externalId) {
    }

    @PersistenceContext(unitName = "latchkey")
    EntityManager em;

    @Inject
    UserStore users;

    @Inject
    Accounts accounts;

    @Inject
    Clock clock;

    /**
     * A new run. A slot another instance took first fails the insert on the unique index, and the
     * transaction with it: the caller takes the {@link PersistenceException} to mean "not this instance".
     */
    public DirectorySyncRun start(Long slot, DirectorySyncRun.Trigger trigger) {
        DirectorySyncRun run = new DirectorySyncRun(slot, trigger, clock.instant());
        em.persist(run);
        em.flush();
        return run;
    }

    public DirectorySyncRun finish(String runId, int checked, int deactivated, int rolesChanged, String error) {
        DirectorySyncRun run = em.find(DirectorySyncRun.class, runId);
        run.finish(checked, deactivated, rolesChanged, error, clock.instant());
        return run;
    }

    public Optional<DirectorySyncRun> latest() {
        return em.createNamedQuery(DirectorySyncRun.LATEST, DirectorySyncRun.class).setMaxResults(1)
                .getResultStream().findFirst();
    }

    /** The organization's active directory users. */
    public List<Member> members(String organizationId) {
        List<Member> members = new ArrayList<>();
        int page = 200;
        for (int offset = 0; ; offset += page) {
            List<User> batch = users.activeFrom(organizationId, IdentitySource.LDAP, page, offset);
            batch.forEach(u -> members.add(new Member(u.id(), u.email(), u.externalId())));
            if (batch.size() < page) {
                return members;
            }
        }
    }

    /** What a sync did to one user. */
    public enum Refreshed { UNCHANGED, ROLES_CHANGED, DEACTIVATED }

    /**
     * Sets the user's email and roles to what the directory gives now. A user whose new email another user
     * has is deactivated: their old email may be someone else's now, and their keys must not speak for them.
     */
    public Refreshed refresh(String organizationId, String userId, ExternalIdentity now) {
        User user = users.get(organizationId, userId);
        if (!user.isActive()) {
            return Refreshed.UNCHANGED;
        }
        if (!accounts.followEmail(user, now.email())) {
            accounts.deactivateGone(user, "their new email in the directory belongs to another Latchkey user");
            return Refreshed.DEACTIVATED;
        }
        return accounts.applyGroups(user, now.roles()) ? Refreshed.ROLES_CHANGED : Refreshed.UNCHANGED;
    }

    public void deactivate(String organizationId, String userId) {
        accounts.deactivateGone(users.get(organizationId, userId), "not found in the directory, or disabled there");
    }
}
