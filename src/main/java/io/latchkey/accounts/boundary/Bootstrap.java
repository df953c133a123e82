package io.latchkey.accounts.boundary;

import io.latchkey.accounts.control.Passwords;
import io.latchkey.accounts.control.PolicyDefaults;
import io.latchkey.accounts.control.UserStore;
import io.latchkey.accounts.entity.Organization;
import io.latchkey.accounts.entity.Role;
import io.latchkey.accounts.entity.User;
import io.latchkey.audit.control.AuditLog;
import io.latchkey.audit.entity.Actor;
import io.latchkey.audit.entity.EventType;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.json.Json;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
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
    Passwords passwords;

    @Inject
    AuditLog audit;

    @Inject
    Clock clock;

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

    @Inject
    PolicyDefaults policyDefaults;

    @PostConstruct
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    void createFirstOrganization() {
        if (users.anyOrganization()) {
            return;
        }
        Instant now = clock.instant();
        Organization organization = new Organization(organizationName,
                policyDefaults.keyPolicy(), now);
        users.add(organization);
        String configured = adminPassword.filter(p -> !p.isBlank()).orElse(null);
        if (configured != null && Passwords.weakness(configured) != null) {
            throw new IllegalStateException("LATCHKEY_ADMIN_PASSWORD " + Passwords.weakness(configured));
        }
        String initial = configured != null ? configured : generatePassword();
        User admin = new User(organization, adminEmail, adminName, EnumSet.of(Role.ADMIN, Role.OPERATOR), passwords.hash(initial), now);
        users.add(admin);
        audit.recordAccount(organization.id(), null, EventType.ORGANIZATION_CREATED, Actor.SYSTEM, now,
                Json.createObjectBuilder().add("organization_id", organization.id()).add("name", organization.name())
                        .add("admin_id", admin.id()).build());
        audit.recordAccount(organization.id(), admin.id(), EventType.USER_CREATED, Actor.SYSTEM, now,
                Json.createObjectBuilder().add("email", admin.email()).add("name", admin.name())
                        .add("roles", UsersResource.roleNames(admin.roles())).build());
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
