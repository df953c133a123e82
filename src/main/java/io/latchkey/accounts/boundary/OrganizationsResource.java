package io.latchkey.accounts.boundary;

import io.latchkey.accounts.entity.Role;
import io.latchkey.accounts.control.Accounts;
import io.latchkey.accounts.control.Accounts.Founded;
import io.latchkey.accounts.control.Accounts.NewUser;
import io.latchkey.api.JsonBody;
import io.latchkey.audit.entity.Actor;
import io.latchkey.caller.CurrentCaller;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
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
    CurrentCaller currentCaller;

    @Inject
    Accounts accounts;

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
        NewUser input = UserInput.newUser(admin, false, EnumSet.of(Role.ADMIN));
        Founded founded = accounts.createOrganization(currentCaller.get(), Actor.of(currentCaller), name.orElseThrow(), input);
        return Response.created(uri.getBaseUriBuilder().path("organization").build())
                .entity(new Created(OrganizationView.of(founded.organization()), UserView.of(founded.admin())))
                .build();
    }
}
