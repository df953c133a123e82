package io.latchkey.identity.boundary;

import io.latchkey.accounts.control.Accounts;
import io.latchkey.accounts.control.UserStore;
import io.latchkey.accounts.entity.IdentitySource;
import io.latchkey.accounts.entity.User;
import io.latchkey.platform.Batches;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Roles that came from an OpenID Connect provider's groups do not outlive the groups: a provider user whose
 * groups the provider has not vouched for (by a sign-in) within {@code latchkey.oidc.role-max-age} holds
 * {@code member} until the next sign-in, and their keys fail the role checks at once. A directory's users need
 * none of this: the sync vouches for them, or deactivates them. Runs on a timer on every instance, every
 * {@code latchkey.oidc.role-lapse-interval}; two instances lapsing the same user write the same thing.
 */
@Singleton
@Startup
@DependsOn("SchemaMigration")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class ProviderRoleLapse {

    private static final int PAGE = 200;
    private static final Logger LOG = Logger.getLogger(ProviderRoleLapse.class.getName());

    @Resource
    TimerService timers;

    @Inject
    Steps steps;

    @Inject
    Clock clock;

    @Inject
    @ConfigProperty(name = "latchkey.oidc.role-max-age", defaultValue = "PT24H")
    Duration maxAge;

    @Inject
    @ConfigProperty(name = "latchkey.oidc.role-lapse-interval", defaultValue = "PT5M")
    Duration interval;

    @PostConstruct
    void schedule() {
        Batches.every(timers, interval, "provider-role-lapse");
    }

    @Timeout
    void onTimer() {
        try {
            run();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Lapsing provider users' group roles failed; the next run retries", e);
        }
    }

    /** Lapses every provider user whose groups are older than the maximum age; how many it lapsed. */
    public int run() {
        Instant before = clock.instant().minus(maxAge);
        int lapsed = 0;
        List<String> due = steps.due(before, PAGE);
        while (!due.isEmpty()) {
            for (String userId : due) {
                if (steps.lapse(userId, before)) {
                    lapsed++;
                }
            }
            if (due.size() < PAGE) {
                break;
            }
            due = steps.due(before, PAGE);
        }
        return lapsed;
    }

    /** Each lapse in its own transaction: one user's failure holds up nobody else's. */
    @ApplicationScoped
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public static class Steps {

        @Inject
        UserStore users;

        @Inject
        Accounts accounts;

        public List<String> due(Instant before, int limit) {
            return users.groupRolesSeenBefore(IdentitySource.OIDC, before, limit).stream().map(User::id).toList();
        }

        /** False when a sign-in vouched for the groups since they were read. */
        public boolean lapse(String userId, Instant before) {
            User user = users.byId(userId).orElse(null);
            if (user == null || !user.groupsSeenBefore(before)) {
                return false;
            }
            accounts.lapseGroupRoles(user);
            return true;
        }
    }
}
