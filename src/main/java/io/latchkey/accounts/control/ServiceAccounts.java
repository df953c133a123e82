package io.latchkey.accounts.control;

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
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Service accounts: users that are no person, so that a build's or an integration's keys do not die with
 * whoever made them. One never signs in (no password, provider or directory: {@code IdentitySource.SERVICE});
 * it holds roles like anyone and owns keys, which admins manage and so do the token managers it names as
 * managers. Its responsible person gets its keys' notices; when that person is deactivated the account and
 * its keys stay, the audit trail says so ({@code responsible_inactive}), the admins are told by mail at once
 * ({@link ResponsibleDeactivated}) and the notices go to them, until an admin names someone else. Deactivating the account itself stops its keys like any owner's.
 * Runs in the caller's transaction.
 */
@ApplicationScoped
public class ServiceAccounts {

    /** A new service account's fields. */
    public record NewServiceAccount(String name, Set<Role> roles, String responsibleId, Set<String> managerIds) {
    }

    @Inject
    UserStore users;

    @Inject
    AuditLog audit;

    @Inject
    Clock clock;

    @Inject
    Event<Invalidation> invalidations;

    @Inject
    Event<ResponsibleDeactivated> responsibleGone;

    public User create(Caller caller, Actor actor, NewServiceAccount input) {
        User creator = users.get(caller.organizationId(), caller.userId());
        if (input.roles().contains(Role.OPERATOR)) {
            throw Refusal.invalid("roles", "a service account cannot be the operator");
        }
        if (!Role.isValidCombination(input.roles())) {
            throw Refusal.invalid("roles", "verifier is a role of its own: a verifier holds no other role");
        }
        if (!Role.covers(creator.roles(), input.roles())) {
            throw Refusal.forbidden("insufficient_role", "A service account cannot hold roles you do not have");
        }
        User account = User.serviceAccount(creator.organization(), input.name(), input.roles(),
                person(caller, input.responsibleId()), clock.instant());
        account.managedBy(managers(caller, input.managerIds()));
        users.add(account);
        audit.recordAccount(account.organization().id(), account.id(), EventType.USER_CREATED, actor, account.createdAt(),
                describe(account).add("name", account.name()).add("roles", names(account.roles())).add("source", "service").build());
        return account;
    }

    /** Names a new responsible person and/or the managers (empty: unchanged). */
    public User change(Caller caller, Actor actor, String id, Optional<String> responsibleId, Optional<Set<String>> managerIds) {
        User account = users.get(caller.organizationId(), id);
        if (!account.isServiceAccount()) {
            throw Refusal.invalid("id", "this user is a person, not a service account");
        }
        responsibleId.ifPresent(person -> account.entrustTo(person(caller, person)));
        managerIds.ifPresent(managers -> account.managedBy(managers(caller, managers)));
        audit.recordAccount(account.organization().id(), account.id(), EventType.USER_CHANGED, actor, clock.instant(),
                describe(account).build());
        invalidations.fire(Invalidation.ofUser(account.id()));
        return account;
    }

    /**
     * A person was deactivated: the service accounts they answered for keep working, and each says so in the
     * audit trail until an admin names someone else; their notices go to the admins meanwhile.
     */
    void responsibleDeactivated(@Observes UserDeactivated deactivated) {
        List<User> accounts = users.serviceAccountsOf(deactivated.userId());
        for (User account : accounts) {
            audit.recordAccount(account.organization().id(), account.id(), EventType.RESPONSIBLE_INACTIVE, Actor.SYSTEM,
                    clock.instant(), Json.createObjectBuilder().add("responsible_id", deactivated.userId()).build());
        }
        if (!accounts.isEmpty()) {
            User person = accounts.get(0).responsible();
            responsibleGone.fire(new ResponsibleDeactivated(person.organization().id(), person.id(), person.email(),
                    accounts.stream().map(User::name).sorted().toList(),
                    users.activeAdminsOf(person.organization().id()).stream()
                            .map(admin -> new ResponsibleDeactivated.Admin(admin.email(), admin.name())).toList()));
        }
    }

    private User person(Caller caller, String id) {
        User person = users.get(caller.organizationId(), id);
        if (person.isServiceAccount() || !person.isActive()) {
            throw Refusal.invalid("responsible_id", "must be an active person of the organization, not a service account");
        }
        return person;
    }

    private Set<String> managers(Caller caller, Set<String> ids) {
        for (String id : ids) {
            User manager = users.get(caller.organizationId(), id);
            if (manager.isServiceAccount() || !manager.isActive() || !manager.roles().contains(Role.TOKEN_MANAGER)) {
                throw Refusal.invalid("manager_ids", "every manager must be an active token manager of the organization");
            }
        }
        return new TreeSet<>(ids);
    }

    private static JsonObjectBuilder describe(User account) {
        JsonArrayBuilder managers = Json.createArrayBuilder();
        new TreeSet<>(account.managerIds()).forEach(managers::add);
        return Json.createObjectBuilder().add("responsible_id", account.responsible().id()).add("manager_ids", managers);
    }

    private static JsonArrayBuilder names(Set<Role> roles) {
        JsonArrayBuilder names = Json.createArrayBuilder();
        roles.stream().map(Role::wireName).sorted().forEach(names::add);
        return names;
    }
}
