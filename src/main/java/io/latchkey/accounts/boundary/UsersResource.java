package io.latchkey.accounts.boundary;

import io.latchkey.audit.entity.Actor;
import io.latchkey.accounts.control.Accounts;
import io.latchkey.accounts.control.Accounts.NewUser;
import io.latchkey.accounts.control.Accounts.UserChanges;
import io.latchkey.accounts.control.UserStore;
import io.latchkey.accounts.entity.IdentitySource;
import io.latchkey.accounts.entity.Role;
import io.latchkey.accounts.entity.User;
import io.latchkey.api.ListQuery;
import io.latchkey.api.Page;
import io.latchkey.caller.Caller;
import io.latchkey.caller.CurrentCaller;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
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
import jakarta.ws.rs.core.UriInfo;
import io.latchkey.platform.Refusal;
import io.latchkey.problems.ProblemException;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirementsSet;

/**
 * {@code /api/v1/users}: admins manage the users of their organization. Deactivating a user or
 * removing a role acts on that user's keys at the next request, since keys carry their owner's
 * current roles. The last active admin of an organization cannot be deactivated or demoted.
 */
@Tag(name = "Users")
@SecurityRequirementsSet(@SecurityRequirement(name = "bearer"))
@SecurityRequirementsSet(@SecurityRequirement(name = "apiKey"))
@SecurityRequirementsSet(@SecurityRequirement(name = "basic"))
@Path("users")
@RequestScoped
@RolesAllowed("admin")
@Produces(MediaType.APPLICATION_JSON)
public class UsersResource {

    /** The longest search: an email's length. */
    private static final int SEARCH_MAX = 254;

    @Inject
    CurrentCaller currentCaller;

    @Inject
    UserStore users;

    @Inject
    Accounts accounts;

    @Context
    UriInfo uri;

    @GET
    @Operation(operationId = "listUsers", summary = "The organization's users, oldest first; q: those whose email or name contains it; kind: person or service")
    @APIResponse(responseCode = "200", description = "One page", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(type = SchemaType.ARRAY, implementation = UserView.class)),
            extensions = @Extension(name = "x-latchkey-view", value = "io.latchkey.accounts.boundary.UserView[]"))
    public Page<UserView> list(@QueryParam("q") String text, @QueryParam("kind") String kind,
                               @QueryParam("limit") String limit, @QueryParam("offset") String offset) {
        Caller caller = currentCaller.get();
        ListQuery query = ListQuery.parse(limit, offset);
        if (text != null && text.length() > SEARCH_MAX) {
            throw ProblemException.invalid("q", "must be at most " + SEARCH_MAX + " characters");
        }
        Set<IdentitySource> sources = kind == null || kind.isEmpty() ? EnumSet.allOf(IdentitySource.class)
                : switch (kind) {
                    case "service" -> EnumSet.of(IdentitySource.SERVICE);
                    case "person" -> EnumSet.complementOf(EnumSet.of(IdentitySource.SERVICE));
                    default -> throw ProblemException.invalid("kind", "must be person or service");
                };
        return new Page<>(users.list(caller.organizationId(), sources, text, query.limit(), query.offset()).stream()
                .map(UserView::of).toList(), users.count(caller.organizationId(), sources, text), query.limit(), query.offset());
    }

    @GET
    @Path("{id}")
    @Operation(operationId = "getUser", summary = "One user of the organization")
    @APIResponse(responseCode = "200", description = "Done", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = UserView.class)),
            extensions = @Extension(name = "x-latchkey-view", value = "io.latchkey.accounts.boundary.UserView"))
    public UserView get(@PathParam("id") String id) {
        return UserView.of(users.get(currentCaller.get().organizationId(), id));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional(dontRollbackOn = {Refusal.class, ProblemException.class}) // still rolled back: RefusalRollback
    @Operation(operationId = "createUser", summary = "Adds a user to the organization")
    @APIResponse(responseCode = "201", description = "Done", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = UserView.class)),
            extensions = @Extension(name = "x-latchkey-view", value = "io.latchkey.accounts.boundary.UserView"))
    public Response create(AccountRequests.NewUser body) {
        User user = accounts.createUser(currentCaller.get(), Actor.of(currentCaller), new NewUser(body.email().strip(),
                body.name().strip(), body.password(), roles(body.roles())));
        return Response.created(uri.getAbsolutePathBuilder().path(user.id()).build())
                .entity(UserView.of(user)).build();
    }

    @PATCH
    @Path("{id}")
    @Consumes({MediaType.APPLICATION_JSON, "application/merge-patch+json"})
    @Transactional(dontRollbackOn = {Refusal.class, ProblemException.class}) // still rolled back: RefusalRollback
    @Operation(operationId = "updateUser", summary = "Changes a user's name, roles, active state or password")
    @APIResponse(responseCode = "200", description = "Done", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = UserView.class)),
            extensions = @Extension(name = "x-latchkey-view", value = "io.latchkey.accounts.boundary.UserView"))
    public UserView edit(@PathParam("id") String id, AccountRequests.UserChanges body) {
        if (body.name() == null && body.roles() == null && body.active() == null && body.password() == null) {
            throw ProblemException.invalid("name", "give name, roles, active and/or password to change");
        }
        return UserView.of(accounts.changeUser(currentCaller.get(), Actor.of(currentCaller), id, new UserChanges(
                Optional.ofNullable(body.name()).map(String::strip), Optional.ofNullable(body.roles()).map(UsersResource::roles),
                Optional.ofNullable(body.active()), Optional.ofNullable(body.password()))));
    }

    /** Wire names to roles; Bean Validation has let only known names through. */
    static Set<Role> roles(Set<String> names) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        names.forEach(name -> roles.add(Role.fromWireName(name).orElseThrow()));
        return roles;
    }
}
