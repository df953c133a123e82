package io.latchkey.identity.boundary;

import io.latchkey.accounts.control.Accounts;
import io.latchkey.accounts.control.Accounts.ExternalIdentity;
import io.latchkey.accounts.control.UserStore;
import io.latchkey.accounts.entity.Organization;
import io.latchkey.accounts.entity.User;
import io.latchkey.identity.control.SignInOrganizations;
import io.latchkey.platform.Refusal;
import io.latchkey.problems.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import jakarta.transaction.TransactionalException;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Lets in a person the provider or the directory vouches for: the user created in the configured
 * organization at the first sign-in, roles set from groups every time ({@link Accounts#admitExternal}).
 * Its own transaction: it runs inside authentication, before any resource.
 */
@ApplicationScoped
public class Admissions {

    @Inject
    Accounts accounts;

    @Inject
    UserStore users;

    /** The organization of the provider's users: an id or a name; by default the first organization. */
    @Inject
    @ConfigProperty(name = "latchkey.oidc.organization")
    Optional<String> providerOrganization;

    @Inject
    @ConfigProperty(name = "latchkey.ldap.organization")
    Optional<String> directoryOrganization;

    @Inject
    SignInOrganizations organizations;

    @Transactional(value = Transactional.TxType.REQUIRES_NEW, dontRollbackOn = {Refusal.class, ProblemException.class})
    public User admit(ExternalIdentity identity) {
        return accounts.admitExternal(organizationOf(identity), identity);
    }

    /** The organization the directory's users belong to (the sync covers its users). */
    public Organization directoryOrganization() {
        return organization("ldap", "LATCHKEY_LDAP_ORGANIZATION", directoryOrganization);
    }

    private Organization organizationOf(ExternalIdentity identity) {
        return switch (identity.source()) {
            case OIDC -> organization("oidc", "LATCHKEY_OIDC_ORGANIZATION", providerOrganization);
            case LDAP -> directoryOrganization();
            case LOCAL, SERVICE -> throw new IllegalArgumentException("a local user or service account is not admitted from outside");
        };
    }

    /** Resolved to an id once and kept ({@link SignInOrganizations}): never found again by its name. */
    private Organization organization(String source, String setting, Optional<String> configured) {
        String id;
        try {
            id = organizations.organizationId(source, setting, configured);
        } catch (PersistenceException | TransactionalException raced) {
            id = organizations.organizationId(source, setting, configured); // another instance resolved it first
        }
        return users.organization(id);
    }
}
