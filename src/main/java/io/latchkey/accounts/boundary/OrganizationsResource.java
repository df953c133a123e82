package io.latchkey.accounts.boundary;

import io.latchkey.accounts.entity.Role;
import io.latchkey.accounts.control.Accounts;
import io.latchkey.accounts.control.Accounts.Founded;
import io.latchkey.accounts.control.Accounts.NewUser;
import io.latchkey.audit.entity.Actor;
import io.latchkey.caller.CurrentCaller;
import io.latchkey.platform.Refusal;
import io.latchkey.problems.ProblemException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.EnumSet;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirementsSet;

/**
 * {@code POST /api/v1/organizations}: the installation's operator creates an organization and its first
 * admin: {@code {"name", "admin": {"email", "name", "password"}}}. The new organization starts with the
 * configured policy defaults; it and everything in it are invisible to every other organization.
 */
@Tag(name = "Organizations")
@SecurityRequirementsSet(@SecurityRequirement(name = "bearer"))
@SecurityRequirementsSet(@SecurityRequirement(name = "apiKey"))
@SecurityRequirementsSet(@SecurityRequirement(name = "basic"))
@Path("organizations")
@RequestScoped
@RolesAllowed("operator")
@Produces(MediaType.APPLICATION_JSON)
public class OrganizationsResource {


    @Inject
    CurrentCaller currentCaller;

    @Inject
    Accounts accounts;

    @Context
    UriInfo uri;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional(dontRollbackOn = {Refusal.class, ProblemException.class}) // still rolled back: RefusalRollback
    @Operation(operationId = "createOrganization", summary = "Creates an organization and its first admin (operator only)")
    @APIResponse(responseCode = "201", description = "Done", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = OrganizationCreated.class)),
            extensions = @Extension(name = "x-latchkey-view", value = "io.latchkey.accounts.boundary.OrganizationCreated"))
    public Response create(AccountRequests.NewOrganization body) {
        NewUser input = new NewUser(body.admin().email().strip(), body.admin().name().strip(), body.admin().password(),
                EnumSet.of(Role.ADMIN));
        Founded founded = accounts.createOrganization(currentCaller.get(), Actor.of(currentCaller), body.name().strip(), input);
        return Response.created(uri.getBaseUriBuilder().path("organization").build())
                .entity(new OrganizationCreated(OrganizationView.of(founded.organization()), UserView.of(founded.admin())))
                .build();
    }
}
