package io.latchkey.identity.control;

import io.latchkey.accounts.control.UserStore;
import io.latchkey.accounts.entity.Organization;
import io.latchkey.identity.entity.SignInOrganization;
import io.latchkey.platform.Refusal;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Which organization a source of sign-ins puts its users in. Its setting (an organization's id or name; by
 * default the installation's first organization) is resolved to an id once, the first time it is needed,
 * and kept in the database: from then on a rename of any organization, or another organization taking the
 * name, changes nothing. A changed setting is resolved anew. Its own transaction, so that two instances
 * resolving at once do not fail each other's sign-in: the second finds the first's answer.
 */
@ApplicationScoped
public class SignInOrganizations {

    private static final Logger LOG = Logger.getLogger(SignInOrganizations.class.getName());

    @PersistenceContext(unitName = "latchkey")
    EntityManager em;

    @Inject
    UserStore users;

    @Inject
    Clock clock;

    /**
     * The organization for {@code source} ({@code oidc}, {@code ldap}); {@code setting}: the variable's name
     * for messages; {@code configured}: its value, if set.
     */
    @Transactional(value = Transactional.TxType.REQUIRES_NEW, dontRollbackOn = Refusal.class)
    public String organizationId(String source, String setting, Optional<String> configured) {
        String configuredAs = configured.map(String::strip).orElse("");
        SignInOrganization stored = em.find(SignInOrganization.class, source);
        if (stored != null && stored.configuredAs().equals(configuredAs)) {
            return stored.organizationId();
        }
        Organization resolved = (configuredAs.isEmpty() ? users.firstOrganization() : users.organizationByIdOrName(configuredAs))
                .orElseThrow(() -> {
                    LOG.severe(() -> setting + " names no organization ('" + configuredAs + "'): sign-ins through it are refused");
                    return Refusal.conflict("organization_not_found", "The organization configured for sign-ins ("
                            + setting + ") does not exist; ask the operator");
                });
        if (stored == null) {
            em.persist(new SignInOrganization(source, configuredAs, resolved.id(), clock.instant()));
        } else {
            stored.resolve(configuredAs, resolved.id(), clock.instant());
        }
        LOG.info(() -> (configuredAs.isEmpty() ? setting + " is not set: " : setting + " '" + configuredAs + "' is ")
                + "organization " + resolved.id() + " from now on, whatever it or any other organization is called");
        return resolved.id();
    }
}
