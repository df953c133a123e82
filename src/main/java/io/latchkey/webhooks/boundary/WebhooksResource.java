package io.latchkey.webhooks.boundary;

import io.latchkey.api.ListQuery;
import io.latchkey.api.Page;
import io.latchkey.api.SecretAnswers;
import io.latchkey.audit.entity.Actor;
import io.latchkey.caller.CurrentCaller;
import io.latchkey.platform.Refusal;
import io.latchkey.problems.ProblemException;
import io.latchkey.webhooks.control.WebhookStore;
import io.latchkey.webhooks.control.Webhooks;
import io.latchkey.webhooks.control.Webhooks.Definition;
import io.latchkey.webhooks.entity.WebhookEvent;
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
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
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
 * {@code /api/v1/webhooks}: endpoints that hear of the organization's events, and what was delivered to them.
 * Admins only; another organization's webhook is 404 like one that does not exist.
 */
@Tag(name = "Webhooks")
@SecurityRequirementsSet(@SecurityRequirement(name = "bearer"))
@SecurityRequirementsSet(@SecurityRequirement(name = "apiKey"))
@SecurityRequirementsSet(@SecurityRequirement(name = "basic"))
@Path("webhooks")
@RequestScoped
@RolesAllowed("admin")
@Produces(MediaType.APPLICATION_JSON)
public class WebhooksResource {

    private static final String EVENT_NAMES = Arrays.stream(WebhookEvent.values()).map(WebhookEvent::wireName)
            .collect(Collectors.joining(", "));

    @Inject
    CurrentCaller currentCaller;

    @Inject
    Webhooks webhooks;

    @Inject
    WebhookStore store;

    @Context
    UriInfo uri;

    @GET
    @Operation(operationId = "listWebhooks", summary = "The organization's webhooks, oldest first")
    @APIResponse(responseCode = "200", description = "All of them", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(type = SchemaType.ARRAY, implementation = WebhookView.class)),
            extensions = @Extension(name = "x-latchkey-view", value = "io.latchkey.webhooks.boundary.WebhookView[]"))
    public List<WebhookView> list() {
        return store.ofOrganization(organization()).stream().map(WebhookView::of).toList();
    }

    @GET
    @Path("{id}")
    @Operation(operationId = "getWebhook", summary = "One webhook")
    @APIResponse(responseCode = "200", description = "Done", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = WebhookView.class)),
            extensions = @Extension(name = "x-latchkey-view", value = "io.latchkey.webhooks.boundary.WebhookView"))
    public WebhookView get(@PathParam("id") String id) {
        return WebhookView.of(store.get(organization(), id));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional(dontRollbackOn = {Refusal.class, ProblemException.class}) // still rolled back: RefusalRollback
    @Operation(operationId = "createWebhook", summary = "Registers an endpoint for some events; the answer shows its signing secret, once")
    @APIResponse(responseCode = "201", description = "Done", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = WebhookView.class)),
            extensions = @Extension(name = "x-latchkey-view", value = "io.latchkey.webhooks.boundary.WebhookView"))
    public Response create(WebhookRequests.NewWebhook body) {
        Webhooks.Issued issued = webhooks.create(organization(), Actor.of(currentCaller),
                new Definition(body.url(), strip(body.description()), events(body.events()), null));
        WebhookView created = WebhookView.of(issued.webhook(), issued.secret());
        return Response.created(uri.getAbsolutePathBuilder().path(created.id()).build()).entity(created)
                .cacheControl(SecretAnswers.noStore()).build();
    }

    @PATCH
    @Path("{id}")
    @Consumes({MediaType.APPLICATION_JSON, "application/merge-patch+json"})
    @Transactional(dontRollbackOn = {Refusal.class, ProblemException.class}) // still rolled back: RefusalRollback
    @Operation(operationId = "updateWebhook", summary = "Changes a webhook's url, description, events or active")
    @APIResponse(responseCode = "200", description = "Done", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = WebhookView.class)),
            extensions = @Extension(name = "x-latchkey-view", value = "io.latchkey.webhooks.boundary.WebhookView"))
    public WebhookView edit(@PathParam("id") String id, WebhookRequests.WebhookChanges body) {
        if (body.url() == null && body.description() == null && body.events() == null && body.active() == null) {
            throw ProblemException.invalid("url", "give url, description, events and/or active to change");
        }
        return WebhookView.of(webhooks.change(organization(), Actor.of(currentCaller), id, new Definition(body.url(),
                strip(body.description()), body.events() == null ? null : events(body.events()), body.active())));
    }

    @POST
    @Path("{id}/secret")
    @Transactional(dontRollbackOn = {Refusal.class, ProblemException.class}) // still rolled back: RefusalRollback
    @Operation(operationId = "rotateWebhookSecret", summary = "Gives the webhook a new signing secret, shown once; the old one stops at once")
    @APIResponse(responseCode = "200", description = "Done", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = WebhookView.class)),
            extensions = @Extension(name = "x-latchkey-view", value = "io.latchkey.webhooks.boundary.WebhookView"))
    public Response rotate(@PathParam("id") String id) {
        Webhooks.Issued issued = webhooks.rotate(organization(), Actor.of(currentCaller), id);
        return Response.ok(WebhookView.of(issued.webhook(), issued.secret())).cacheControl(SecretAnswers.noStore()).build();
    }

    @DELETE
    @Path("{id}")
    @Transactional(dontRollbackOn = {Refusal.class, ProblemException.class}) // still rolled back: RefusalRollback
    @Operation(operationId = "deleteWebhook", summary = "Deletes a webhook and its deliveries, sent or not")
    @APIResponse(responseCode = "204", description = "Done")
    public Response delete(@PathParam("id") String id) {
        webhooks.delete(organization(), Actor.of(currentCaller), id);
        return Response.noContent().build();
    }

    @GET
    @Path("{id}/deliveries")
    @Operation(operationId = "listWebhookDeliveries", summary = "What was (or is to be) delivered to a webhook, newest first")
    @APIResponse(responseCode = "200", description = "One page", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(type = SchemaType.ARRAY, implementation = DeliveryView.class)),
            extensions = @Extension(name = "x-latchkey-view", value = "io.latchkey.webhooks.boundary.DeliveryView[]"))
    public Page<DeliveryView> deliveries(@PathParam("id") String id, @QueryParam("limit") String limit,
                                         @QueryParam("offset") String offset) {
        ListQuery query = ListQuery.parse(limit, offset);
        String webhookId = store.get(organization(), id).id();
        return new Page<>(store.deliveries(webhookId, query.limit(), query.offset()).stream().map(DeliveryView::of).toList(),
                store.countDeliveries(webhookId), query.limit(), query.offset());
    }

    private String organization() {
        return currentCaller.get().organizationId();
    }

    private static Set<WebhookEvent> events(List<String> names) {
        if (names.isEmpty() || names.size() > WebhookEvent.values().length * 2) {
            throw ProblemException.invalid("events", "must name 1 to " + WebhookEvent.values().length + " of: " + EVENT_NAMES);
        }
        Set<WebhookEvent> events = EnumSet.noneOf(WebhookEvent.class);
        for (String name : names) {
            events.add(WebhookEvent.fromWireName(name == null ? "" : name).orElseThrow(() ->
                    ProblemException.invalid("events", "each must be one of: " + EVENT_NAMES)));
        }
        return events;
    }

    private static String strip(String text) {
        return text == null ? null : text.strip();
    }
}
