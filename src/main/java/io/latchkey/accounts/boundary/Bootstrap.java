package io.latchkey.accounts.boundary;

import io.latchkey.accounts.control.Accounts;
import io.latchkey.accounts.control.Accounts.NewUser;
import io.latchkey.accounts.control.Passwords;
import io.latchkey.accounts.control.UserStore;
import io.latchkey.accounts.entity.Role;
import io.latchkey.audit.entity.Actor;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * First start on an empty database: creates the first organization and its admin from configuration.
 * When no admin password is configured, generates one and prints it to the log once, like Jenkins'
 * initial admin password. Does nothing when any organization exists, so restarts are harmless.
 */
@Singleton
@Startup
@DependsOn("SchemaMigration")
public class Bootstrap {

    private static final Logger LOG = Logger.getLogger(Bootstrap.class.getName());
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    @Inject
    UserStore users;

    @Inject
    Accounts accounts;

    @Inject
    @ConfigProperty(name = "latchkey.organization.name", defaultValue = "Default organization")
    String organizationName;

    @Inject
    @ConfigProperty(name = "latchkey.admin.email", defaultValue = "admin@latchkey.local")
    String adminEmail;

    @Inject
    @ConfigProperty(name = "latchkey.admin.name", defaultValue = "Administrator")
    String adminName;

    @Inject
    @ConfigProperty(name = "latchkey.admin.password")
    Optional<String> adminPassword;

    @PostConstruct
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    void createFirstOrganization() {
        if (users.anyOrganization()) {
            return;
        }
        String configured = adminPassword.filter(p -> !p.isBlank()).orElse(null);
        if (configured != null && Passwords.weakness(configured) != null) {
            throw new IllegalStateException("LATCHKEY_ADMIN_PASSWORD " + Passwords.weakness(configured));
        }
        String initial = configured != null ? configured : generatePassword();
        accounts.createOrganization(null, Actor.SYSTEM, organizationName,
                new NewUser(adminEmail, adminName, initial, EnumSet.of(Role.ADMIN, Role.OPERATOR)));
        if (configured == null) {
            // Deliberate, once, like Jenkins: the only way to learn a generated first credential.
            LOG.warning(() -> "\n*************************************************************\n"
                    + "Latchkey created organization '" + organizationName + "' and admin " + adminEmail + ".\n"
                    + "Generated initial admin password (shown only now):\n\n    " + initial + "\n\n"
                    + "Change it with PATCH /api/v1/users/{id}, or set LATCHKEY_ADMIN_PASSWORD before first start.\n"
                    + "*************************************************************");
        } else {
            LOG.info(() -> "Latchkey created organization '" + organizationName + "' and admin " + adminEmail);
        }
    }

    private static String generatePassword() {
        SecureRandom random = new SecureRandom();
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 24; i++) {
            out.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return out.toString();
    }
}
