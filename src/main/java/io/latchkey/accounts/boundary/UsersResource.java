package io.latchkey.accounts.boundary;

import io.latchkey.accounts.control.Passwords;
import io.latchkey.accounts.control.UserStore;
import io.latchkey.accounts.entity.Role;
import io.latchkey.accounts.entity.User;
import io.latchkey.api.JsonBody;
import io.latchkey.api.ListQuery;
import io.latchkey.api.Page;
import io.latchkey.audit.control.AuditLog;
import io.latchkey.audit.entity.EventType;
import io.latchkey.auth.Caller;
import io.latchkey.auth.CurrentCaller;
import io.latchkey.problems.ProblemException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * {@code /api/v1/users}: admins manage the users of their organization. Deactivating a user or
 * removing a role acts on that user's keys at the next request, since keys carry their owner's
 * current roles. The last active admin of an organization cannot be deactivated or demoted.
 */
@Path("users")
@RequestScoped
@RolesAllowed("admin")
@Produces(MediaType.APPLICATION_JSON)
public class UsersResource {

    @Inject
    CurrentCaller currentCaller;

    @Inject
    UserStore users;

    @Inject
    Passwords passwords;

    @Inject
    Clock clock;

    @Inject
    AuditLog audit;

    @Context
    UriInfo uri;

    @Context
    SecurityContext security;

    /** Only the operator may give or take the operator role. */
    private void requireOperatorToTouchOperator(Set<Role> before, Set<Role> after) {
        if (before.contains(Role.OPERATOR) != after.contains(Role.OPERATOR) && !security.isUserInRole("operator")) {
            throw ProblemException.forbidden("insufficient_role", "Only the operator can give or take the operator role");
        }
    }

    @GET
    public Page<UserView> list(@QueryParam("limit") String limit, @QueryParam("offset") String offset) {
        Caller caller = currentCaller.get();
        ListQuery query = ListQuery.parse(limit, offset);
        return new Page<>(users.list(caller.organizationId(), query.limit(), query.offset()).stream()
                .map(UserView::of).toList(), users.count(caller.organizationId()), query.limit(), query.offset());
    }

    @GET
    @Path("{id}")
    public UserView get(@PathParam("id") String id) {
        return UserView.of(users.get(currentCaller.get().organizationId(), id));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    public Response create(InputStream in) {
        Caller caller = currentCaller.get();
        JsonBody body = JsonBody.read(in, true, Set.of("email", "name", "password", "roles"));
        UserInput.NewUser input = UserInput.newUser(body, true);
        requirePersonForPasswords(caller);
        requireOperatorToTouchOperator(Set.of(), input.roles());
        if (users.byEmail(input.email()).isPresent()) {
            throw ProblemException.conflict("email_taken", "A user with this email already exists");
        }
        User actor = users.get(caller.organizationId(), caller.userId());
        User user = new User(actor.organization(), input.email(), input.name(), input.roles(),
                passwords.hash(input.password()), Instant.now(clock));
        users.add(user);
        audit.recordAccount(user.organization().id(), user.id(), EventType.USER_CREATED, currentCaller.actor(),
                user.createdAt(), Json.createObjectBuilder()
                        .add("email", user.email())
                        .add("name", user.name())
                        .add("roles", roleNames(user.roles()))
                        .build());
        return Response.created(uri.getAbsolutePathBuilder().path(user.id()).build())
                .entity(UserView.of(user)).build();
    }

    @PATCH
    @Path("{id}")
    @Consumes({MediaType.APPLICATION_JSON, "application/merge-patch+json"})
    @Transactional
    public UserView edit(@PathParam("id") String id, InputStream in) {
        Caller caller = currentCaller.get();
        User user = users.get(caller.organizationId(), id);
        JsonBody body = JsonBody.read(in, true, Set.of("name", "roles", "active", "password"));
        Optional<String> name = UserInput.name(body);
        Optional<Set<Role>> roles = UserInput.roles(body);
        Optional<Boolean> active = body.bool("active");
        Optional<String> password = UserInput.password(body);
        if (body.isValid() && name.isEmpty() && roles.isEmpty() && active.isEmpty() && password.isEmpty()) {
            body.reject("name", "give name, roles, active and/or password to change");
        }
        body.check();
        if (password.isPresent()) {
            requirePersonForPasswords(caller);
        }
        if (user.roles().contains(Role.OPERATOR) && !security.isUserInRole("operator")) {
            throw ProblemException.forbidden("insufficient_role", "Only the operator can change the operator's account");
        }
        roles.ifPresent(r -> requireOperatorToTouchOperator(user.roles(), r));
        boolean losesAdmin = user.isAdmin() && user.isActive()
                && (roles.map(r -> !r.contains(Role.ADMIN)).orElse(false) || active.map(a -> !a).orElse(false));
        if (losesAdmin && users.activeAdmins(caller.organizationId()) <= 1) {
            throw ProblemException.conflict("last_admin",
                    "This is the organization's last active admin; make another admin first");
        }
        JsonObjectBuilder changes = Json.createObjectBuilder();
        name.filter(n -> !n.equals(user.name())).ifPresent(n -> changes.add("name", change(user.name(), n)));
        roles.filter(r -> !r.equals(user.roles())).ifPresent(r -> changes.add("roles",
                Json.createObjectBuilder().add("before", roleNames(user.roles())).add("after", roleNames(r))));
        active.filter(a -> a != user.isActive()).ifPresent(a -> changes.add("active",
                Json.createObjectBuilder().add("before", user.isActive()).add("after", a)));
        password.ifPresent(p -> changes.add("password", "changed"));
        name.ifPresent(user::rename);
        roles.ifPresent(user::assignRoles);
        active.ifPresent(on -> {
            if (on) {
                user.activate();
            } else {
                user.deactivate();
            }
        });
        password.ifPresent(p -> user.changePasswordHash(passwords.hash(p)));
        JsonObject details = changes.build();
        if (!details.isEmpty()) {
            audit.recordAccount(user.organization().id(), user.id(), EventType.USER_CHANGED, currentCaller.actor(),
                    clock.instant(), details);
        }
        return UserView.of(user);
    }

    /** A key can leak; a password is set or changed only by a person (password or console session). */
    static void requirePersonForPasswords(Caller caller) {
        if (caller.method() == Caller.Method.API_KEY) {
            throw ProblemException.forbidden("password_change_requires_password",
                    "Passwords cannot be set or changed with an API key; sign in with a password");
        }
    }

    static JsonArrayBuilder roleNames(Set<Role> roles) {
        JsonArrayBuilder names = Json.createArrayBuilder();
        roles.stream().map(Role::wireName).sorted().forEach(names::add);
        return names;
    }

    private static JsonObjectBuilder change(String before, String after) {
        return Json.createObjectBuilder().add("before", before).add("after", after);
    }
}
