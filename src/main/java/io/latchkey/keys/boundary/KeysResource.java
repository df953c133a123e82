package io.latchkey.keys.boundary;

import io.latchkey.api.ListQuery;
import io.latchkey.api.Page;
import io.latchkey.api.SecretAnswers;
import io.latchkey.audit.boundary.EventView;
import io.latchkey.audit.control.AuditLog;
import io.latchkey.audit.entity.Actor;
import io.latchkey.caller.Caller;
import io.latchkey.caller.CurrentCaller;
import io.latchkey.keys.control.KeyLifecycle;
import io.latchkey.keys.control.KeyLifecycle.Issued;
import io.latchkey.keys.control.KeyLifecycle.NewKey;
import io.latchkey.keys.control.KeyStore;
import io.latchkey.keys.control.SecretCodec;
import io.latchkey.keys.entity.AccessLevel;
import io.latchkey.keys.entity.ApiKey;
import io.latchkey.keys.entity.KeyStatus;
import io.latchkey.platform.Refusal;
import io.latchkey.problems.ProblemException;
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
import java.time.Duration;
import java.time.Instant;
import java.util.List;
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
 * {@code /api/v1/keys}: the key lifecycle for admins (whole organization) and token managers (own keys).
 * Each method reads its input, asks {@link KeyLifecycle} (where the rules are) and shapes the view.
 */
@Tag(name = "API keys")
@SecurityRequirementsSet(@SecurityRequirement(name = "bearer"))
@SecurityRequirementsSet(@SecurityRequirement(name = "apiKey"))
@SecurityRequirementsSet(@SecurityRequirement(name = "basic"))
@Path("keys")
@RequestScoped
@RolesAllowed({"admin", "token-manager"})
@Produces(MediaType.APPLICATION_JSON)
public class KeysResource {

    static final String MERGE_PATCH = "application/merge-patch+json";

    @Inject
    CurrentCaller currentCaller;

    @Inject
    KeyLifecycle lifecycle;

    @Inject
    KeyStore keys;

    @Inject
    SecretCodec codec;

    @Inject
    AuditLog audit;

    @Context
    UriInfo uri;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional(dontRollbackOn = {Refusal.class, ProblemException.class}) // still rolled back: RefusalRollback
    @Operation(operationId = "createKey", summary = "Creates a key; the response shows its secret this once")
    @APIResponse(responseCode = "201", description = "Done", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = KeyView.class)),
            extensions = @Extension(name = "x-latchkey-view", value = "io.latchkey.keys.boundary.KeyView"))
    public Response create(KeyRequests.NewKey body) {
        Issued issued = lifecycle.create(currentCaller.get(), Actor.of(currentCaller), new NewKey(body.description().strip(),
                access(body.access()), body.expiresInDays(), body.expiresAt(), body.ownerId(), body.allowedCidrs(), body.scopes(),
                body.requestsPerMinute()));
        return Response.created(uri.getAbsolutePathBuilder().path(issued.key().id()).build())
                .cacheControl(SecretAnswers.noStore())
                .entity(KeyView.of(issued.key(), lifecycle.now(), codec, true).withSecret(issued.secret()))
                .build();
    }

    @GET
    @Operation(operationId = "listKeys", summary = "Lists and searches keys, newest first")
    @APIResponse(responseCode = "200", description = "One page", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(type = SchemaType.ARRAY, implementation = KeyView.class)),
            extensions = @Extension(name = "x-latchkey-view", value = "io.latchkey.keys.boundary.KeyView[]"))
    public Page<KeyView> list(@QueryParam("q") String text, @QueryParam("status") String status,
                              @QueryParam("owner_id") String ownerId, @QueryParam("limit") String limit,
                              @QueryParam("offset") String offset) {
        ListQuery query = ListQuery.parse(limit, offset);
        KeyStatus wanted = null;
        if (status != null && !status.isEmpty()) {
            wanted = KeyStatus.fromWireName(status).orElseThrow(() ->
                    ProblemException.invalid("status", "must be one of active, revoked, expired"));
        }
        if (text != null && text.length() > ApiKey.DESCRIPTION_MAX) {
            throw ProblemException.invalid("q", "must be at most " + ApiKey.DESCRIPTION_MAX + " characters");
        }
        Caller caller = currentCaller.get();
        KeyStore.Filter filter = lifecycle.filter(caller, ownerId, text, wanted);
        Instant now = lifecycle.now();
        var roles = lifecycle.rolesOf(caller);
        List<KeyView> views = keys.list(filter, now, query.limit(), query.offset()).stream()
                .map(key -> KeyView.of(key, now, codec, lifecycle.mayChange(caller, roles, key))).toList();
        return new Page<>(views, keys.count(filter, now), query.limit(), query.offset());
    }

    @GET
    @Path("{id}")
    @Operation(operationId = "getKey", summary = "One key")
    @APIResponse(responseCode = "200", description = "Done", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = KeyView.class)),
            extensions = @Extension(name = "x-latchkey-view", value = "io.latchkey.keys.boundary.KeyView"))
    public KeyView get(@PathParam("id") String id) {
        Caller caller = currentCaller.get();
        ApiKey key = lifecycle.visible(caller, id);
        return KeyView.of(key, lifecycle.now(), codec, lifecycle.mayChange(caller, key));
    }

    @GET
    @Path("{id}/usage")
    @Operation(operationId = "getKeyUsage", summary = "A key's successful requests per hour over the last 30 days")
    @APIResponse(responseCode = "200", description = "Done", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = UsageView.class)),
            extensions = @Extension(name = "x-latchkey-view", value = "io.latchkey.keys.boundary.UsageView"))
    public UsageView usage(@PathParam("id") String id) {
        ApiKey key = lifecycle.visible(currentCaller.get(), id);
        Instant now = lifecycle.now();
        Instant from = KeyUses.Hour.start(KeyUses.Hour.of(now) - KeyUseRecorder.USAGE_KEPT_HOURS);
        return UsageView.of(key.id(), from, now, keys.usage(key.id(), from));
    }

    @PATCH
    @Path("{id}")
    @Consumes({MediaType.APPLICATION_JSON, MERGE_PATCH})
    @Transactional(dontRollbackOn = {Refusal.class, ProblemException.class}) // still rolled back: RefusalRollback
    @Operation(operationId = "updateKey", summary = "Changes a key's description, access level, allowed networks, scopes and/or rate limit")
    @APIResponse(responseCode = "200", description = "Done", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = KeyView.class)),
            extensions = @Extension(name = "x-latchkey-view", value = "io.latchkey.keys.boundary.KeyView"))
    public KeyView edit(@PathParam("id") String id, KeyRequests.KeyChanges body) {
        if (body.description() == null && body.access() == null && body.allowedCidrs() == null && body.scopes() == null
                && body.requestsPerMinute() == null) {
            throw ProblemException.invalid("description",
                    "give description, access, allowed_cidrs, scopes and/or requests_per_minute to change");
        }
        ApiKey key = lifecycle.edit(currentCaller.get(), Actor.of(currentCaller), id,
                body.description() == null ? null : body.description().strip(), access(body.access()), body.allowedCidrs(),
                body.scopes(), body.requestsPerMinute());
        return KeyView.of(key, lifecycle.now(), codec, true);
    }

    @POST
    @Path("{id}/regenerate")
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional(dontRollbackOn = {Refusal.class, ProblemException.class}) // still rolled back: RefusalRollback
    @Operation(operationId = "regenerateKey", summary = "Issues a new secret for the key; the old one stops working at once,"
            + " or after grace_period_minutes")
    @APIResponse(responseCode = "200", description = "Done", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = KeyView.class)),
            extensions = @Extension(name = "x-latchkey-view", value = "io.latchkey.keys.boundary.KeyView"))
    public Response regenerate(@PathParam("id") String id, KeyRequests.Regeneration body) {
        Duration grace = Duration.ofMinutes(body.gracePeriodMinutes() == null ? 0 : body.gracePeriodMinutes());
        Issued issued = lifecycle.regenerate(currentCaller.get(), Actor.of(currentCaller), id, body.expiresInDays(),
                body.expiresAt(), grace);
        return Response.ok(KeyView.of(issued.key(), lifecycle.now(), codec, true).withSecret(issued.secret()))
                .cacheControl(SecretAnswers.noStore())
                .build();
    }

    @DELETE
    @Path("{id}")
    @Transactional(dontRollbackOn = {Refusal.class, ProblemException.class}) // still rolled back: RefusalRollback
    @Operation(operationId = "revokeKey", summary = "Revokes the key at once (idempotent)")
    @APIResponse(responseCode = "200", description = "Done", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = KeyView.class)),
            extensions = @Extension(name = "x-latchkey-view", value = "io.latchkey.keys.boundary.KeyView"))
    public KeyView revoke(@PathParam("id") String id) {
        Caller caller = currentCaller.get();
        ApiKey key = lifecycle.revoke(caller, Actor.of(currentCaller), id);
        return KeyView.of(key, lifecycle.now(), codec, lifecycle.mayChange(caller, key));
    }

    /** The key's history, newest first: lifecycle changes and expiry notices sent. */
    @GET
    @Path("{id}/events")
    @Operation(operationId = "listKeyEvents", summary = "The key's history, newest first")
    @APIResponse(responseCode = "200", description = "One page", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(type = SchemaType.ARRAY, implementation = EventView.class)),
            extensions = @Extension(name = "x-latchkey-view", value = "io.latchkey.audit.boundary.EventView[]"))
    public Page<EventView> events(@PathParam("id") String id, @QueryParam("limit") String limit,
                                  @QueryParam("offset") String offset) {
        ListQuery query = ListQuery.parse(limit, offset);
        ApiKey key = lifecycle.visible(currentCaller.get(), id);
        return new Page<>(audit.ofKey(key.organizationId(), key.id(), query.limit(), query.offset()).stream()
                .map(EventView::of).toList(), audit.countOfKey(key.organizationId(), key.id()), query.limit(), query.offset());
    }

    private static AccessLevel access(String wireName) {
        return wireName == null ? null : AccessLevel.fromWireName(wireName).orElseThrow();
    }

}
