package io.latchkey.keys.boundary;

import io.latchkey.caller.CurrentCaller;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import io.latchkey.api.ChangesNothing;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirementsSet;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code GET /api/v1/keys/changes}: a server-sent-events stream of the changes to the organization's keys, for
 * backends that keep answers of {@code POST /keys/verify} in memory (the Jakarta EE client JAR does): on
 * {@code changed} they drop what it names and confirm it with {@code POST /keys/changes/acks}, which lets the change's
 * call return. For admins and verifiers, like verify. What is sent and when: {@link KeyChangeFeed}.
 */
@Tag(name = "Key changes")
@SecurityRequirementsSet(@SecurityRequirement(name = "bearer"))
@SecurityRequirementsSet(@SecurityRequirement(name = "apiKey"))
@SecurityRequirementsSet(@SecurityRequirement(name = "basic"))
@Path("keys/changes")
@RequestScoped
@RolesAllowed({"admin", "verifier"})
public class KeyChanges {

    @Inject
    CurrentCaller caller;

    @Inject
    KeyChangeFeed feed;

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(operationId = "streamKeyChanges", summary = "Streams the changes to the organization's keys as server-sent events")
    @APIResponse(responseCode = "200", description = "ready, then changed ({\"scope\", \"id\"}) and heartbeat events")
    public void stream(@Context SseEventSink sink, @Context Sse sse) {
        feed.open(caller.get(), sink, sse);
    }

    @POST
    @Path("acks")
    @ChangesNothing
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "acknowledgeKeyChange", summary = "Confirms that the client of a change stream took a change")
    @APIResponse(responseCode = "204", description = "Noted; the change's call may return")
    public Response acknowledge(KeyRequests.StreamAck body) {
        feed.acknowledge(caller.get(), body.stream(), body.change());
        return Response.noContent().build();
    }
}
