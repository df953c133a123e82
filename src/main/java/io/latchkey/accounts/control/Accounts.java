package io.latchkey.accounts.control;

import io.latchkey.accounts.entity.DigestSchedule;
import io.latchkey.accounts.entity.IdentitySource;
import io.latchkey.accounts.entity.KeyPolicy;
import io.latchkey.accounts.entity.Organization;
import io.latchkey.accounts.entity.Role;
import io.latchkey.accounts.entity.User;
import io.latchkey.audit.control.AuditLog;
import io.latchkey.audit.entity.Actor;
import io.latchkey.audit.entity.EventType;
import io.latchkey.caller.Caller;
import io.latchkey.grid.Invalidation;
import io.latchkey.platform.Refusal;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;

/**
 * The rules of organizations and their users, whoever asks: only the operator gives or takes the
 * operator role or changes the operator's account; an organization keeps one active admin; passwords
 * are set only by people, never with an API key; an organization is always created with its first
 * admin; and every change is in the audit trail. Runs in the caller's transaction.
 */
@ApplicationScoped
public class Accounts {

    /** A new user's fields. */
    public record NewUser(String email, String name, String password, Set<Role> roles) {
    }

    /** What an edit changes; empty means unchanged. */
    public record UserChanges(Optional<String> name, Optional<Set<Role>> roles, Optional<Boolean> active,
                              Optional<String> password) {
    }

    /**
     * What the OpenID Connect provider or the LDAP directory says of a person: who they are there, and the
     * roles their groups give now. {@code emailVouchedFor}: whether the email is one Latchkey may move a known
     * user to (the directory's, or the provider's {@code email} claim marked verified); a first sign-in takes
     * the email either way.
     */
    public record ExternalIdentity(IdentitySource source, String externalId, String email, boolean emailVouchedFor, String name,
                                   Set<Role> roles) {
    }

    /** An organization and the admin it was created with. */
    public record Founded(Organization organization, User admin) {
    }

    private static final Logger LOG = Logger.getLogger(Accounts.class.getName());

    @Inject
    UserStore users;

    @Inject
    Passwords passwords;

    @Inject
    PolicyDefaults policyDefaults;

    @Inject
    AuditLog audit;

    @Inject
    Clock clock;

    /** Changes to a user or a policy: carried to every instance's memory of keys once the transaction commits. */
    @Inject
    Event<Invalidation> invalidations;

    @Inject
    Event<UserDeactivated> deactivations;

    @Inject
    Event<RolesLost> rolesLost;

    public User createUser(Caller caller, Actor actor, NewUser input) {
        requirePersonForPasswords(caller);
        User creator = users.get(caller.organizationId(), caller.userId());
        requireOperatorToTouchOperator(creator, Set.of(), input.roles());
        requireValidCombination(input.roles());
        requireFreeEmail(input.email());
        User user = new User(creator.organization(), input.email(), input.name(), input.roles(),
                passwords.hash(input.password()), clock.instant());
        users.add(user);
        recordCreated(user, actor);
        return user;
    }

    public User changeUser(Caller caller, Actor actor, String id, UserChanges changes) {
        User user = users.get(caller.organizationId(), id);
        if (changes.password().isPresent()) {
            requirePersonForPasswords(caller);
        }
        User changer = users.get(caller.organizationId(), caller.userId());
        if (user.roles().contains(Role.OPERATOR) && !changer.roles().contains(Role.OPERATOR)) {
            throw Refusal.forbidden("insufficient_role", "Only the operator can change the operator's account");
        }
        if (user.isServiceAccount() && changes.password().isPresent()) {
            throw Refusal.conflict("service_account_has_no_password", "A service account never signs in: it has no password");
        }
        if (!user.hasRolesOfLatchkey() && (changes.password().isPresent() || changes.roles().filter(r -> !user.mayCapAt(r)).isPresent())) {
            throw Refusal.conflict("managed_by_" + user.source().wireName(), "The password of a " + user.source().wireName()
                    + " user is set there, and so are their roles (from groups): Latchkey can only lower them");
        }
        changes.roles().ifPresent(r -> requireOperatorToTouchOperator(changer, user.roles(), r));
        changes.roles().ifPresent(Accounts::requireValidCombination);
        boolean losesAdmin = user.isAdmin() && user.isActive()
                && (changes.roles().map(r -> !r.contains(Role.ADMIN)).orElse(false)
                || changes.active().map(a -> !a).orElse(false));
        if (losesAdmin && users.activeAdmins(caller.organizationId()) <= 1) {
            throw Refusal.conflict("last_admin",
                    "This is the organization's last active admin; make another admin first");
        }
        JsonObjectBuilder details = Json.createObjectBuilder();
        changes.name().filter(n -> !n.equals(user.name())).ifPresent(n -> details.add("name",
                Json.createObjectBuilder().add("before", user.name()).add("after", n)));
        Optional<Set<Role>> roles = changes.roles().map(r -> user.hasRolesOfLatchkey() ? r : user.cappedAt(r));
        roles.filter(r -> !r.equals(user.roles())).ifPresent(r -> details.add("roles",
                Json.createObjectBuilder().add("before", roleNames(user.roles())).add("after", roleNames(r))));
        changes.active().filter(a -> a != user.isActive()).ifPresent(a -> details.add("active",
                Json.createObjectBuilder().add("before", user.isActive()).add("after", a)));
        changes.password().ifPresent(p -> details.add("password", "changed"));
        changes.name().ifPresent(user::rename);
        boolean losesRoles = roles.filter(r -> !Role.covers(r, user.roles())).isPresent();
        changes.roles().ifPresent(r -> {
            if (user.hasRolesOfLatchkey()) {
                user.assignRoles(r);
            } else {
                user.capRoles(r);
            }
        });
        if (losesRoles) {
            rolesLost.fire(new RolesLost(user.id()));
        }
        changes.active().ifPresent(on -> {
            if (on) {
                user.activate();
            } else if (user.isActive()) {
                user.deactivate();
                deactivations.fire(new UserDeactivated(user.id()));
            }
        });
        changes.password().ifPresent(p -> user.changePasswordHash(passwords.hash(p)));
        JsonObject changed = details.build();
        if (!changed.isEmpty()) {
            audit.recordAccount(user.organization().id(), user.id(), EventType.USER_CHANGED, actor, clock.instant(), changed);
            invalidations.fire(Invalidation.ofUser(user.id()));
        }
        return user;
    }

    /**
     * A person the provider or the directory vouches for, signing in: the user as known by their id there,
     * created in {@code organization} at the first sign-in, with roles set from their groups now. Refused:
     * a deactivated user (deactivation in Latchkey stands until an admin lifts it), and an email that a user
     * of another source holds (never taken over: a local break-glass admin stays local).
     */
    public User admitExternal(Organization organization, ExternalIdentity identity) {
        Optional<User> known = users.byExternalId(identity.source(), identity.externalId());
        if (known.isEmpty()) {
            requireFreeEmail(identity.email());
            User user = User.external(organization, identity.source(), identity.externalId(), identity.email(),
                    identity.name(), identity.roles(), clock.instant());
            users.add(user);
            recordCreated(user, Actor.SYSTEM);
            return user;
        }
        User user = known.get();
        if (!user.isActive()) {
            throw Refusal.forbidden("user_deactivated", "Your Latchkey account is deactivated; ask an admin");
        }
        if (identity.emailVouchedFor() && !followEmail(user, identity.email())) {
            throw Refusal.conflict("email_taken", "Your email at " + identity.source().wireName()
                    + " belongs to another Latchkey user; ask an admin");
        }
        applyGroups(user, identity.roles());
        return user;
    }

    /**
     * A provider's or directory's user whose email changed there (a new name, a new domain): Latchkey's
     * follows, with a {@code user_changed} event. False, and nothing changed, when another user has that email:
     * the caller must not go on as if the old email were still this person's (it may be someone else's now).
     */
    public boolean followEmail(User user, String email) {
        String now = User.normalizeEmail(email);
        if (now.equals(user.email())) {
            return true;
        }
        if (users.byEmail(now).isPresent()) {
            LOG.warning(() -> "User " + user.id() + " has a new email at " + user.source().wireName()
                    + " that another Latchkey user has");
            return false;
        }
        JsonObject changed = Json.createObjectBuilder()
                .add("source", user.source().wireName())
                .add("email", Json.createObjectBuilder().add("before", user.email()).add("after", now))
                .build();
        user.followEmail(now);
        audit.recordAccount(user.organization().id(), user.id(), EventType.USER_CHANGED, Actor.SYSTEM, clock.instant(),
                changed);
        invalidations.fire(Invalidation.ofUser(user.id()));
        return true;
    }

    /**
     * Sets a provider's or directory's user's roles to what their groups give now (under any ceiling an admin
     * set); the audit trail gets {@code roles_from_groups} when they changed, and their keys lose a removed role
     * at once. Whether the roles changed.
     */
    public boolean applyGroups(User user, Set<Role> fromGroups) {
        Set<Role> before = user.roles();
        user.groupsGive(fromGroups, clock.instant());
        return groupRolesChanged(user, before, Optional.empty());
    }

    /**
     * A provider user whose groups nobody has vouched for within the maximum age: the roles their groups gave
     * lapse to {@code member} (a {@code roles_from_groups} event with {@code reason: groups_not_seen}); the
     * next sign-in gives them back.
     */
    public void lapseGroupRoles(User user) {
        Set<Role> before = user.roles();
        user.lapseGroupRoles();
        groupRolesChanged(user, before, Optional.of("groups_not_seen"));
    }

    /**
     * After groups (or their absence) set an external user's roles: when they changed, a {@code roles_from_groups}
     * event, their keys told at once, and what those keys made revoked if a role went. Whether they changed.
     */
    private boolean groupRolesChanged(User user, Set<Role> before, Optional<String> reason) {
        Set<Role> roles = user.roles();
        if (roles.equals(before)) {
            return false;
        }
        JsonObjectBuilder changed = Json.createObjectBuilder()
                .add("source", user.source().wireName())
                .add("before", roleNames(before))
                .add("after", roleNames(roles));
        reason.ifPresent(r -> changed.add("reason", r));
        if (!Role.covers(roles, before)) {
            rolesLost.fire(new RolesLost(user.id()));
        }
        audit.recordAccount(user.organization().id(), user.id(), EventType.ROLES_FROM_GROUPS, Actor.SYSTEM,
                clock.instant(), changed.build());
        invalidations.fire(Invalidation.ofUser(user.id()));
        return true;
    }

    /**
     * A directory user who is gone or disabled there, or whose new email another user has: deactivated, with a
     * {@code directory_deactivated} event giving the reason.
     */
    public void deactivateGone(User user, String reason) {
        if (!user.isActive()) {
            return;
        }
        user.deactivate();
        deactivations.fire(new UserDeactivated(user.id()));
        audit.recordAccount(user.organization().id(), user.id(), EventType.DIRECTORY_DEACTIVATED, Actor.SYSTEM,
                clock.instant(), Json.createObjectBuilder().add("source", user.source().wireName())
                        .add("reason", reason).build());
        invalidations.fire(Invalidation.ofUser(user.id()));
    }

    /**
     * A new organization with the configured policy defaults and its first admin (with the given roles).
     * {@code caller} is the operator asking, or null at bootstrap; the event goes to the new organization
     * and to the operator's own.
     */
    public Founded createOrganization(Caller caller, Actor actor, String name, NewUser admin) {
        if (caller != null) {
            requirePersonForPasswords(caller);
        }
        requireFreeEmail(admin.email());
        Instant now = clock.instant();
        Organization organization = new Organization(name, policyDefaults.keyPolicy(), now);
        users.add(organization);
        User first = new User(organization, admin.email(), admin.name(), admin.roles(), passwords.hash(admin.password()), now);
        users.add(first);
        JsonObject created = Json.createObjectBuilder()
                .add("organization_id", organization.id())
                .add("name", organization.name())
                .add("admin_id", first.id())
                .build();
        audit.recordAccount(organization.id(), null, EventType.ORGANIZATION_CREATED, actor, now, created);
        if (caller != null) {
            audit.recordAccount(caller.organizationId(), null, EventType.ORGANIZATION_CREATED, actor, now, created);
        }
        recordCreated(first, actor);
        return new Founded(organization, first);
    }

    /**
     * Renames (when {@code name} is given), sets the key policy and the expiry digest (when given); the
     * audit trail gets what changed.
     */
    public Organization changeOrganization(Actor actor, String organizationId, Optional<String> name, KeyPolicy next,
                                           Optional<DigestSchedule> digest, Optional<Integer> revokeUnusedAfterDays,
                                           Optional<Integer> defaultRequestsPerMinute) {
        Organization organization = users.organization(organizationId);
        KeyPolicy current = organization.keyPolicy();
        JsonObjectBuilder details = Json.createObjectBuilder();
        name.filter(n -> !n.equals(organization.name())).ifPresent(n -> details.add("name",
                Json.createObjectBuilder().add("before", organization.name()).add("after", n)));
        change(details, "max_key_lifetime_days", current.maxKeyLifetimeDays(), next.maxKeyLifetimeDays());
        change(details, "default_key_lifetime_days", current.defaultKeyLifetimeDays(), next.defaultKeyLifetimeDays());
        change(details, "max_keys_per_user", current.maxKeysPerUser(), next.maxKeysPerUser());
        digest.filter(d -> d != organization.expiryDigest()).ifPresent(d -> details.add("expiry_digest",
                Json.createObjectBuilder().add("before", organization.expiryDigest().wireName()).add("after", d.wireName())));
        revokeUnusedAfterDays.ifPresent(days -> change(details, "revoke_unused_after_days",
                organization.revokeUnusedAfterDays(), days));
        defaultRequestsPerMinute.ifPresent(limit -> change(details, "default_requests_per_minute",
                organization.defaultRequestsPerMinute(), limit));
        name.ifPresent(organization::rename);
        organization.changeKeyPolicy(next);
        defaultRequestsPerMinute.ifPresent(organization::limitRequestsByDefault);
        revokeUnusedAfterDays.ifPresent(organization::revokeUnusedAfter);
        digest.ifPresent(organization::scheduleDigest);
        JsonObject changed = details.build();
        if (!changed.isEmpty()) {
            audit.recordAccount(organization.id(), null, EventType.POLICY_CHANGED, actor, clock.instant(), changed);
            invalidations.fire(Invalidation.ofOrganization(organization.id()));
        }
        return organization;
    }

    private static void change(JsonObjectBuilder changes, String field, int before, int after) {
        if (before != after) {
            changes.add(field, Json.createObjectBuilder().add("before", before).add("after", after));
        }
    }

    /** A key can leak; a password is set or changed only by a person (password or console session). */
    private static void requirePersonForPasswords(Caller caller) {
        if (caller.method() == Caller.Method.API_KEY) {
            throw Refusal.forbidden("password_change_requires_password",
                    "Passwords cannot be set or changed with an API key; sign in with a password");
        }
    }

    /** Only the operator may give or take the operator role. */
    private static void requireOperatorToTouchOperator(User changer, Set<Role> before, Set<Role> after) {
        if (before.contains(Role.OPERATOR) != after.contains(Role.OPERATOR) && !changer.roles().contains(Role.OPERATOR)) {
            throw Refusal.forbidden("insufficient_role", "Only the operator can give or take the operator role");
        }
    }

    private static void requireValidCombination(Set<Role> roles) {
        if (!Role.isValidCombination(roles)) {
            throw Refusal.invalid("roles", "verifier is a role of its own: a verifier holds no other role");
        }
    }

    private void requireFreeEmail(String email) {
        if (users.byEmail(email).isPresent()) {
            throw Refusal.conflict("email_taken", "A user with this email already exists");
        }
    }

    private void recordCreated(User user, Actor actor) {
        audit.recordAccount(user.organization().id(), user.id(), EventType.USER_CREATED, actor, user.createdAt(),
                Json.createObjectBuilder()
                        .add("email", user.email())
                        .add("name", user.name())
                        .add("roles", roleNames(user.roles()))
                        .add("source", user.source().wireName())
                        .build());
    }

    private static JsonArrayBuilder roleNames(Set<Role> roles) {
        JsonArrayBuilder names = Json.createArrayBuilder();
        roles.stream().map(Role::wireName).sorted().forEach(names::add);
        return names;
    }
}
