package io.latchkey.accounts.entity;

import static io.latchkey.platform.UtcColumns.column;
import static io.latchkey.platform.UtcColumns.instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/**
 * A person (or service account) of one organization. A {@link IdentitySource#LOCAL} user signs in with a
 * Latchkey password; a user of the OpenID Connect provider or of the LDAP directory has none (its hash is
 * a marker no password matches) and is known there by {@link #externalId()}.
 */
@Entity
@Table(name = "users")
@NamedQuery(name = User.BY_EMAIL, query = "select u from User u where u.email = :email")
@NamedQuery(name = User.IN_ORGANIZATION,
        query = "select u from User u where u.organization.id = :organization order by u.createdAt, u.id")
@NamedQuery(name = User.COUNT_IN_ORGANIZATION,
        query = "select count(u) from User u where u.organization.id = :organization")
@NamedQuery(name = User.MATCHING_IN_ORGANIZATION,
        query = "select u from User u where u.organization.id = :organization"
                + " and (lower(u.email) like :text escape '\\' or lower(u.name) like :text escape '\\') order by u.createdAt, u.id")
@NamedQuery(name = User.COUNT_MATCHING_IN_ORGANIZATION,
        query = "select count(u) from User u where u.organization.id = :organization"
                + " and (lower(u.email) like :text escape '\\' or lower(u.name) like :text escape '\\')")
@NamedQuery(name = User.BY_EXTERNAL_ID,
        query = "select u from User u where u.source = :source and u.externalId = :externalId")
@NamedQuery(name = User.ACTIVE_FROM_SOURCE,
        query = "select u from User u where u.organization.id = :organization and u.source = :source and u.active = true"
                + " order by u.id")
@NamedQuery(name = User.ACTIVE_ADMINS,
        query = "select u from User u where u.organization.id = :organization and u.active = true and u.admin = true")
public class User {

    public static final String BY_EMAIL = "User.byEmail";
    public static final String IN_ORGANIZATION = "User.inOrganization";
    public static final String MATCHING_IN_ORGANIZATION = "User.matchingInOrganization";
    public static final String COUNT_MATCHING_IN_ORGANIZATION = "User.countMatchingInOrganization";
    public static final String COUNT_IN_ORGANIZATION = "User.countInOrganization";
    public static final String ACTIVE_ADMINS = "User.activeAdmins";
    public static final String BY_EXTERNAL_ID = "User.byExternalId";
    public static final String ACTIVE_FROM_SOURCE = "User.activeFromSource";
    /** The password hash of a user without a Latchkey password: not of the hash's format, so nothing matches it. */
    private static final String NO_PASSWORD = "!external";

    @Id
    @Column(length = 36)
    private String id;

    @ManyToOne(optional = false)
    @JoinColumn(name = "organization_id")
    private Organization organization;

    private String email;

    private String name;

    @Column(name = "password_hash")
    private String passwordHash;

    @Column(name = "role_admin")
    private boolean admin;

    @Column(name = "role_token_manager")
    private boolean tokenManager;

    @Column(name = "role_member")
    private boolean member;

    @Column(name = "role_operator")
    private boolean operator;

    @Column(name = "role_verifier")
    private boolean verifier;

    private boolean active;

    @Enumerated(EnumType.STRING)
    @Column(name = "identity_source")
    private IdentitySource source = IdentitySource.LOCAL;

    @Column(name = "external_id")
    private String externalId;

    @Column(name = "created_at")
    private LocalDateTime createdAt;

    @Version
    private long version;

    protected User() {
    }

    public User(Organization organization, String email, String name, Set<Role> roles, String passwordHash,
                Instant now) {
        this.id = UUID.randomUUID().toString();
        this.organization = organization;
        this.email = normalizeEmail(email);
        this.name = name;
        this.passwordHash = passwordHash;
        this.active = true;
        this.createdAt = column(now);
        assignRoles(roles);
    }

    /** A user of the provider or the directory, created at first sign-in. */
    public static User external(Organization organization, IdentitySource source, String externalId, String email,
                                String name, Set<Role> roles, Instant now) {
        if (source == IdentitySource.LOCAL) {
            throw new IllegalArgumentException("a local user has a password");
        }
        User user = new User(organization, email, name, roles, NO_PASSWORD, now);
        user.source = source;
        user.externalId = externalId;
        return user;
    }

    public static String normalizeEmail(String email) {
        return email.trim().toLowerCase(Locale.ROOT);
    }

    /** The email the user's provider or directory now gives (a local user's email never changes). */
    public void followEmail(String email) {
        if (source == IdentitySource.LOCAL) {
            throw new IllegalStateException("a local user's email is Latchkey's");
        }
        this.email = normalizeEmail(email);
    }

    public void rename(String name) {
        this.name = name;
    }

    public void assignRoles(Set<Role> roles) {
        if (roles.isEmpty()) {
            throw new IllegalArgumentException("a user needs at least one role");
        }
        this.admin = roles.contains(Role.ADMIN);
        this.tokenManager = roles.contains(Role.TOKEN_MANAGER);
        this.member = roles.contains(Role.MEMBER);
        this.operator = roles.contains(Role.OPERATOR);
        this.verifier = roles.contains(Role.VERIFIER);
    }

    public void changePasswordHash(String passwordHash) {
        if (!isLocal()) {
            throw new IllegalStateException("the password of a " + source + " user is not Latchkey's");
        }
        this.passwordHash = passwordHash;
    }

    public void activate() {
        this.active = true;
    }

    public void deactivate() {
        this.active = false;
    }

    public String id() {
        return id;
    }

    public Organization organization() {
        return organization;
    }

    public String email() {
        return email;
    }

    public String name() {
        return name;
    }

    public Set<Role> roles() {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        if (admin) {
            roles.add(Role.ADMIN);
        }
        if (tokenManager) {
            roles.add(Role.TOKEN_MANAGER);
        }
        if (member) {
            roles.add(Role.MEMBER);
        }
        if (operator) {
            roles.add(Role.OPERATOR);
        }
        if (verifier) {
            roles.add(Role.VERIFIER);
        }
        return roles;
    }

    public boolean isAdmin() {
        return admin;
    }

    public boolean canManageKeys() {
        return active && Role.canManageKeys(roles());
    }

    /** Key managers own keys; so do verifiers, whose keys call the verify API. */
    public boolean mayOwnKeys() {
        return canManageKeys() || active && verifier;
    }

    public String passwordHash() {
        return passwordHash;
    }

    public IdentitySource source() {
        return source;
    }

    /** Whether the user signs in with a Latchkey password (not through the provider or the directory). */
    public boolean isLocal() {
        return source == IdentitySource.LOCAL;
    }

    public String externalId() {
        return externalId;
    }

    public boolean isActive() {
        return active;
    }

    public Instant createdAt() {
        return instant(createdAt);
    }
}
