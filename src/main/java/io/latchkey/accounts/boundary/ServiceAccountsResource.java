package io.latchkey.accounts.boundary;

import io.latchkey.accounts.control.ServiceAccounts;
import io.latchkey.accounts.control.ServiceAccounts.NewServiceAccount;
import io.latchkey.accounts.entity.User;
import io.latchkey.audit.entity.Actor;
import io.latchkey.caller.CurrentCaller;
import io.latchkey.platform.Refusal;
import io.latchkey.problems.ProblemException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirementsSet;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code /api/v1/service-accounts}: admins create service accounts and name who answers for them and who
 * manages their keys. They are users like others for everything else ({@code GET /users?kind=service},
 * {@code PATCH /users/{id}} for name, roles and active; never a password).
 */
@Tag(name = "Service accounts")
@SecurityRequirementsSet(@SecurityRequirement(name = "bearer"))
@SecurityRequirementsSet(@SecurityRequirement(name = "apiKey"))
@SecurityRequirementsSet(@SecurityRequirement(name = "basic"))
@Path("service-accounts")
@RequestScoped
@RolesAllowed("admin")
@Produces(MediaType.APPLICATION_JSON)
public class ServiceAccountsResource {

    @Inject
    CurrentCaller currentCaller;

    @Inject
    ServiceAccounts accounts;

    @Context
    UriInfo uri;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional(dontRollbackOn = {Refusal.class, ProblemException.class}) // still rolled back: RefusalRollback
    @Operation(operationId = "createServiceAccount", summary = "Adds a service account: a user that never signs in and owns keys")
    @APIResponse(responseCode = "201", description = "Done", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = UserView.class)),
            extensions = @Extension(name = "x-latchkey-view", value = "io.latchkey.accounts.boundary.UserView"))
    public Response create(AccountRequests.NewServiceAccount body) {
        User account = accounts.create(currentCaller.get(), Actor.of(currentCaller), new NewServiceAccount(body.name().strip(),
                UsersResource.roles(body.roles()), body.responsibleId(), body.managerIds() == null ? Set.of() : body.managerIds()));
        return Response.created(uri.getBaseUriBuilder().path("users").path(account.id()).build())
                .entity(UserView.of(account)).build();
    }

    @PATCH
    @Path("{id}")
    @Consumes({MediaType.APPLICATION_JSON, "application/merge-patch+json"})
    @Transactional(dontRollbackOn = {Refusal.class, ProblemException.class}) // still rolled back: RefusalRollback
    @Operation(operationId = "updateServiceAccount", summary = "Names a service account's responsible person and/or managers")
    @APIResponse(responseCode = "200", description = "Done", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = UserView.class)),
            extensions = @Extension(name = "x-latchkey-view", value = "io.latchkey.accounts.boundary.UserView"))
    public UserView edit(@PathParam("id") String id, AccountRequests.ServiceAccountChanges body) {
        if (body.responsibleId() == null && body.managerIds() == null) {
            throw ProblemException.invalid("responsible_id", "give responsible_id and/or manager_ids to change");
        }
        return UserView.of(accounts.change(currentCaller.get(), Actor.of(currentCaller), id,
                Optional.ofNullable(body.responsibleId()), Optional.ofNullable(body.managerIds())));
    }
}
