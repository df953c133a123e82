package io.latchkey.accounts.entity;

import static io.latchkey.platform.UtcColumns.column;
import static io.latchkey.platform.UtcColumns.instant;

import io.latchkey.platform.Refusal;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * A person (or service account) of one organization. A {@link IdentitySource#LOCAL} user signs in with a
 * Latchkey password; a user of the OpenID Connect provider or of the LDAP directory has none (its hash is
 * a marker no password matches) and is known there by {@link #externalId()}.
 */
@Entity
@Table(name = "users")
@NamedQuery(name = User.BY_EMAIL, query = "select u from User u where u.email = :email")
@NamedQuery(name = User.IN_ORGANIZATION,
        query = "select u from User u where u.organization.id = :organization and u.source in :sources order by u.createdAt, u.id")
@NamedQuery(name = User.COUNT_IN_ORGANIZATION,
        query = "select count(u) from User u where u.organization.id = :organization and u.source in :sources")
@NamedQuery(name = User.MATCHING_IN_ORGANIZATION,
        query = "select u from User u where u.organization.id = :organization and u.source in :sources"
                + " and (lower(u.email) like :text escape '\\' or lower(u.name) like :text escape '\\') order by u.createdAt, u.id")
@NamedQuery(name = User.COUNT_MATCHING_IN_ORGANIZATION,
        query = "select count(u) from User u where u.organization.id = :organization and u.source in :sources"
                + " and (lower(u.email) like :text escape '\\' or lower(u.name) like :text escape '\\')")
@NamedQuery(name = User.BY_EXTERNAL_ID,
        query = "select u from User u where u.source = :source and u.externalId = :externalId")
@NamedQuery(name = User.ACTIVE_FROM_SOURCE,
        query = "select u from User u where u.organization.id = :organization and u.source = :source and u.active = true"
                + " order by u.id")
@NamedQuery(name = User.GROUP_ROLES_LAPSED,
        query = "select u from User u where u.source = :source and u.active = true"
                + " and (u.groupsSeenAt is null or u.groupsSeenAt < :before)"
                + " and (u.admin = true or u.tokenManager = true or u.verifier = true or u.operator = true) order by u.id")
@NamedQuery(name = User.SERVICE_ACCOUNTS_OF,
        query = "select u from User u where u.responsible.id = :person and u.source = io.latchkey.accounts.entity.IdentitySource.SERVICE")
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
    public static final String GROUP_ROLES_LAPSED = "User.groupRolesLapsed";
    public static final String SERVICE_ACCOUNTS_OF = "User.serviceAccountsOf";
    /** Service accounts' addresses: a reserved domain (RFC 2606) that no mail reaches and no provider vouches for. */
    public static final String SERVICE_ACCOUNT_DOMAIN = "service-accounts.invalid";
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

    /** When the provider or the directory last vouched for this user's groups (external users only). */
    @Column(name = "groups_seen_at")
    private LocalDateTime groupsSeenAt;

    /** The roles an external user's groups gave when last seen, comma-separated wire names. */
    @Column(name = "group_roles")
    private String groupRoles;

    /** The most an admin lets an external user's groups give them (null: no ceiling), comma-separated wire names. */
    @Column(name = "roles_ceiling")
    private String rolesCeiling;

    /** A service account's responsible person: who gets its keys' notices (null for people). */
    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "responsible_id")
    private User responsible;

    /** The token managers who may manage a service account's keys besides the admins (ids; empty for people). */
    @ElementCollection
    @CollectionTable(name = "service_account_managers", joinColumns = @JoinColumn(name = "service_account_id"))
    @Column(name = "manager_id")
    private Set<String> managerIds = new HashSet<>();

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
        user.groupsGive(roles, now);
        return user;
    }

    /**
     * A service account of {@code organization}: named, with roles like anyone, no way to sign in, and
     * {@code responsible} (an active person of the organization) answering for it.
     */
    public static User serviceAccount(Organization organization, String name, Set<Role> roles, User responsible,
                                      Instant now) {
        String id = UUID.randomUUID().toString();
        User account = new User(organization, "svc-" + id + "@" + SERVICE_ACCOUNT_DOMAIN, name, roles,
                NO_PASSWORD, now);
        account.id = id;
        account.source = IdentitySource.SERVICE;
        account.entrustTo(responsible);
        return account;
    }

    /** Names the person who answers for this service account from now on. */
    public void entrustTo(User person) {
        if (!isServiceAccount()) {
            throw Refusal.invalid("responsible_id", "only a service account has a responsible person");
        }
        if (person.isServiceAccount() || !person.isActive() || !person.organization().id().equals(organization.id())) {
            throw Refusal.invalid("responsible_id", "must be an active person of the organization, not a service account");
        }
        this.responsible = person;
    }

    /** The token managers (by id) who may manage this service account's keys, besides the admins. */
    public void managedBy(Set<String> managers) {
        if (!isServiceAccount()) {
            throw Refusal.invalid("manager_ids", "only a service account has managers");
        }
        managerIds.clear();
        managerIds.addAll(managers);
    }

    public boolean isServiceAccount() {
        return source == IdentitySource.SERVICE;
    }

    /** Whether {@code userId} is one of the managers this service account names. */
    public boolean isManagedBy(String userId) {
        return isServiceAccount() && managerIds.contains(userId);
    }

    public Set<String> managerIds() {
        return Set.copyOf(managerIds);
    }

    /** The responsible person of a service account; null for people. */
    public User responsible() {
        return responsible;
    }

    /** Whether the user's roles are set in Latchkey (local users and service accounts), not by groups elsewhere. */
    public boolean hasRolesOfLatchkey() {
        return source == IdentitySource.LOCAL || source == IdentitySource.SERVICE;
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

    /**
     * What an external user holds when their groups give {@code fromGroups}: that, under the ceiling an admin
     * set in Latchkey ({@link #capRoles}), if any.
     */
    private Set<Role> rolesGiven(Set<Role> fromGroups) {
        Set<Role> ceiling = roleSet(rolesCeiling);
        return ceiling.isEmpty() ? fromGroups : Role.meet(fromGroups, ceiling);
    }

    /**
     * The provider or the directory vouches for the user's groups now: they hold what those give
     * ({@link #rolesGiven}). An OpenID Connect user's group roles lapse when this has not happened for a while
     * ({@link #lapseGroupRoles}).
     */
    public void groupsGive(Set<Role> fromGroups, Instant now) {
        requireExternal();
        this.groupRoles = wireNames(fromGroups);
        if (source == IdentitySource.OIDC) {
            this.groupsSeenAt = column(now);
        }
        assignRoles(rolesGiven(fromGroups));
    }

    /** Whether the provider last vouched for this user's groups before {@code before}, or never. */
    public boolean groupsSeenBefore(Instant before) {
        return groupsSeenAt == null || instant(groupsSeenAt).isBefore(before);
    }

    /** Nobody vouched for the groups within the maximum age: what they gave is gone until the next sign-in. */
    public void lapseGroupRoles() {
        requireExternal();
        this.groupRoles = Role.MEMBER.wireName();
        assignRoles(EnumSet.of(Role.MEMBER));
    }

    /**
     * Whether an admin may cap this external user's roles at {@code ceiling}: only at or below what their groups
     * give. Latchkey can take from what the groups give, never add to it.
     */
    public boolean mayCapAt(Set<Role> ceiling) {
        return Role.covers(groupRoles(), ceiling);
    }

    /** The roles this external user holds once capped at {@code ceiling}. */
    public Set<Role> cappedAt(Set<Role> ceiling) {
        return Role.meet(groupRoles(), ceiling);
    }

    /** An admin lowers an external user's roles: a ceiling on what their groups give, from now on. */
    public void capRoles(Set<Role> ceiling) {
        requireExternal();
        if (!mayCapAt(ceiling)) {
            throw new IllegalArgumentException("the roles of a " + source + " user can only be lowered in Latchkey");
        }
        this.rolesCeiling = wireNames(ceiling);
        assignRoles(cappedAt(ceiling));
    }

    /** What the groups gave when they were last seen (users from before that was kept: what they hold). */
    private Set<Role> groupRoles() {
        return groupRoles == null ? roles() : roleSet(groupRoles);
    }

    private void requireExternal() {
        if (hasRolesOfLatchkey()) {
            throw new IllegalStateException("a local user's roles are set in Latchkey");
        }
    }

    private static String wireNames(Set<Role> roles) {
        return roles.stream().map(Role::wireName).sorted().collect(Collectors.joining(","));
    }

    private static Set<Role> roleSet(String wireNames) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        if (wireNames != null && !wireNames.isEmpty()) {
            for (String name : wireNames.split(",")) {
                Role.fromWireName(name).ifPresent(roles::add);
            }
        }
        return roles;
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
