package io.latchkey.services.boundary;

import io.latchkey.audit.entity.Actor;
import io.latchkey.caller.CurrentCaller;
import io.latchkey.platform.Refusal;
import io.latchkey.problems.ProblemException;
import io.latchkey.services.control.ServiceCatalog;
import io.latchkey.services.control.ServiceCatalog.Definition;
import io.latchkey.services.entity.ServiceScope;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirementsSet;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code /api/v1/services}: the services the organization's keys are for, and their scopes. Admins change
 * them; token managers may read them too (to choose a key's scopes).
 */
@Tag(name = "Services")
@SecurityRequirementsSet(@SecurityRequirement(name = "bearer"))
@SecurityRequirementsSet(@SecurityRequirement(name = "apiKey"))
@SecurityRequirementsSet(@SecurityRequirement(name = "basic"))
@Path("services")
@RequestScoped
@RolesAllowed("admin")
@Produces(MediaType.APPLICATION_JSON)
public class ServicesResource {

    @Inject
    CurrentCaller currentCaller;

    @Inject
    ServiceCatalog catalog;

    @Context
    UriInfo uri;

    @GET
    @RolesAllowed({"admin", "token-manager"})
    @Operation(operationId = "listServices", summary = "The organization's services and their scopes, by name")
    @APIResponse(responseCode = "200", description = "All of them", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(type = SchemaType.ARRAY, implementation = ServiceView.class)),
            extensions = @Extension(name = "x-latchkey-view", value = "io.latchkey.services.boundary.ServiceView[]"))
    public List<ServiceView> list() {
        return catalog.list(currentCaller.get().organizationId()).stream().map(ServiceView::of).toList();
    }

    @GET
    @Path("{id}")
    @RolesAllowed({"admin", "token-manager"})
    @Operation(operationId = "getService", summary = "One service")
    @APIResponse(responseCode = "200", description = "Done", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = ServiceView.class)),
            extensions = @Extension(name = "x-latchkey-view", value = "io.latchkey.services.boundary.ServiceView"))
    public ServiceView get(@PathParam("id") String id) {
        return ServiceView.of(catalog.get(currentCaller.get().organizationId(), id));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional(dontRollbackOn = {Refusal.class, ProblemException.class}) // still rolled back: RefusalRollback
    @Operation(operationId = "createService", summary = "Registers a service and the scopes keys may carry for it")
    @APIResponse(responseCode = "201", description = "Done", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = ServiceView.class)),
            extensions = @Extension(name = "x-latchkey-view", value = "io.latchkey.services.boundary.ServiceView"))
    public Response create(ServiceRequests.NewService body) {
        ServiceView created = ServiceView.of(catalog.create(currentCaller.get().organizationId(), Actor.of(currentCaller),
                new Definition(body.name(), strip(body.description()), body.adminsOnly(), scopes(body.scopes()))));
        return Response.created(uri.getAbsolutePathBuilder().path(created.id()).build()).entity(created).build();
    }

    @PATCH
    @Path("{id}")
    @Consumes({MediaType.APPLICATION_JSON, "application/merge-patch+json"})
    @Transactional(dontRollbackOn = {Refusal.class, ProblemException.class}) // still rolled back: RefusalRollback
    @Operation(operationId = "updateService", summary = "Changes a service; a scope left out is taken from every key at once")
    @APIResponse(responseCode = "200", description = "Done", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = ServiceView.class)),
            extensions = @Extension(name = "x-latchkey-view", value = "io.latchkey.services.boundary.ServiceView"))
    public ServiceView edit(@PathParam("id") String id, ServiceRequests.ServiceChanges body) {
        if (body.description() == null && body.adminsOnly() == null && body.scopes() == null) {
            throw ProblemException.invalid("scopes", "give description, admins_only and/or scopes to change");
        }
        return ServiceView.of(catalog.edit(currentCaller.get().organizationId(), Actor.of(currentCaller), id,
                new Definition(null, strip(body.description()), body.adminsOnly(), body.scopes() == null ? null : scopes(body.scopes()))));
    }

    @DELETE
    @Path("{id}")
    @Transactional(dontRollbackOn = {Refusal.class, ProblemException.class}) // still rolled back: RefusalRollback
    @Operation(operationId = "deleteService", summary = "Deletes a service; every key loses its scopes at once")
    @APIResponse(responseCode = "204", description = "Done")
    public Response delete(@PathParam("id") String id) {
        catalog.delete(currentCaller.get().organizationId(), Actor.of(currentCaller), id);
        return Response.noContent().build();
    }

    private static List<ServiceScope> scopes(List<ServiceRequests.Scope> scopes) {
        return scopes == null ? List.of() : scopes.stream()
                .map(s -> new ServiceScope(s.name(), strip(s.description()), Boolean.TRUE.equals(s.writes()))).toList();
    }

    private static String strip(String text) {
        return text == null ? null : text.strip();
    }
}
