package io.latchkey.identity.boundary;

import io.latchkey.accounts.control.Accounts;
import io.latchkey.accounts.control.Accounts.ExternalIdentity;
import io.latchkey.accounts.control.UserStore;
import io.latchkey.accounts.entity.Organization;
import io.latchkey.accounts.entity.User;
import io.latchkey.platform.Refusal;
import io.latchkey.problems.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Lets in a person the provider or the directory vouches for: the user created in the configured
 * organization at the first sign-in, roles set from groups every time ({@link Accounts#admitExternal}).
 * Its own transaction: it runs inside authentication, before any resource.
 */
@ApplicationScoped
public class Admissions {

    private static final Logger LOG = Logger.getLogger(Admissions.class.getName());

    @Inject
    Accounts accounts;

    @Inject
    UserStore users;

    /** The organization of the provider's users: an id or a name; by default the first organization's name. */
    @Inject
    @ConfigProperty(name = "latchkey.oidc.organization")
    Optional<String> providerOrganization;

    @Inject
    @ConfigProperty(name = "latchkey.ldap.organization")
    Optional<String> directoryOrganization;

    @Inject
    @ConfigProperty(name = "latchkey.organization.name", defaultValue = "Default organization")
    String firstOrganization;

    @Transactional(value = Transactional.TxType.REQUIRES_NEW, dontRollbackOn = {Refusal.class, ProblemException.class})
    public User admit(ExternalIdentity identity) {
        return accounts.admitExternal(organizationOf(identity), identity);
    }

    /** The organization the directory's users belong to (the sync covers its users). */
    public Organization directoryOrganization() {
        return organization(directoryOrganization.orElse(firstOrganization), "LATCHKEY_LDAP_ORGANIZATION");
    }

    private Organization organizationOf(ExternalIdentity identity) {
        return switch (identity.source()) {
            case OIDC -> organization(providerOrganization.orElse(firstOrganization), "LATCHKEY_OIDC_ORGANIZATION");
            case LDAP -> directoryOrganization();
            case LOCAL -> throw new IllegalArgumentException("a local user is not admitted from outside");
        };
    }

    private Organization organization(String idOrName, String setting) {
        return users.organizationByIdOrName(idOrName).orElseThrow(() -> {
            LOG.severe(() -> setting + " names no organization ('" + idOrName + "'): sign-ins through it are refused");
            return Refusal.conflict("organization_not_found", "The organization configured for sign-ins ("
                    + setting + ") does not exist; ask the operator");
        });
    }
}
