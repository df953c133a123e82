package io.latchkey.accounts.boundary;

import io.latchkey.accounts.control.Passwords;
import io.latchkey.accounts.control.PolicyDefaults;
import io.latchkey.accounts.control.UserStore;
import io.latchkey.accounts.entity.Organization;
import io.latchkey.accounts.entity.Role;
import io.latchkey.accounts.entity.User;
import io.latchkey.api.JsonBody;
import io.latchkey.audit.control.AuditLog;
import io.latchkey.audit.entity.Actor;
import io.latchkey.audit.entity.EventType;
import io.latchkey.auth.CurrentCaller;
import io.latchkey.problems.ProblemException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * {@code POST /api/v1/organizations}: the installation's operator creates an organization and its first
 * admin: {@code {"name", "admin": {"email", "name", "password"}}}. The new organization starts with the
 * configured policy defaults; it and everything in it are invisible to every other organization.
 */
@Path("organizations")
@RequestScoped
@RolesAllowed("operator")
@Produces(MediaType.APPLICATION_JSON)
public class OrganizationsResource {

    public record Created(OrganizationView organization, UserView admin) {
    }

    @Inject
    UserStore users;

    @Inject
    CurrentCaller currentCaller;

    @Inject
    AuditLog audit;

    @Inject
    Passwords passwords;

    @Inject
    Clock clock;

    @Inject
    PolicyDefaults policyDefaults;

    @Context
    UriInfo uri;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    public Response create(InputStream in) {
        JsonBody body = JsonBody.read(in, true, Set.of("name", "admin"));
        UserInput.require(body, "name");
        UserInput.require(body, "admin");
        Optional<String> name = UserInput.name(body);
        JsonObject adminJson = JsonValue.EMPTY_JSON_OBJECT;
        if (body.has("admin")) {
            adminJson = body.object("admin").orElse(JsonValue.EMPTY_JSON_OBJECT);
        }
        body.check();
        JsonBody admin = JsonBody.read(new ByteArrayInputStream(adminJson.toString().getBytes(StandardCharsets.UTF_8)),
                true, Set.of("email", "name", "password"), "admin.");
        UserInput.NewUser input = UserInput.newUser(admin, false);
        UsersResource.requirePersonForPasswords(currentCaller.get());
        if (users.byEmail(input.email()).isPresent()) {
            throw ProblemException.conflict("email_taken", "A user with this email already exists");
        }
        var now = clock.instant();
        Organization organization = new Organization(name.orElseThrow(),
                policyDefaults.keyPolicy(), now);
        users.add(organization);
        User first = new User(organization, input.email(), input.name(), EnumSet.of(Role.ADMIN),
                passwords.hash(input.password()), now);
        users.add(first);
        Actor actor = currentCaller.actor();
        JsonObject created = Json.createObjectBuilder()
                .add("organization_id", organization.id())
                .add("name", organization.name())
                .add("admin_id", first.id())
                .build();
        // in the new organization, for its admins, and in the operator's, for the operator's own trail
        audit.recordAccount(organization.id(), null, EventType.ORGANIZATION_CREATED, actor, now, created);
        audit.recordAccount(currentCaller.get().organizationId(), null, EventType.ORGANIZATION_CREATED, actor, now, created);
        audit.recordAccount(organization.id(), first.id(), EventType.USER_CREATED, actor, now,
                Json.createObjectBuilder()
                        .add("email", first.email())
                        .add("name", first.name())
                        .add("roles", UsersResource.roleNames(first.roles()))
                        .build());
        return Response.created(uri.getBaseUriBuilder().path("organization").build())
                .entity(new Created(OrganizationView.of(organization), UserView.of(first)))
                .build();
    }
}
