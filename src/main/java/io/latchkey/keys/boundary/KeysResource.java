package io.latchkey.keys.boundary;

import io.latchkey.accounts.control.UserStore;
import io.latchkey.accounts.entity.KeyPolicy;
import io.latchkey.accounts.entity.Organization;
import io.latchkey.accounts.entity.Role;
import io.latchkey.accounts.entity.User;
import io.latchkey.api.JsonBody;
import io.latchkey.audit.boundary.EventView;
import io.latchkey.audit.control.AuditLog;
import io.latchkey.audit.entity.EventType;
import io.latchkey.api.ListQuery;
import io.latchkey.api.Page;
import io.latchkey.auth.Caller;
import io.latchkey.auth.CurrentCaller;
import io.latchkey.keys.control.KeyStore;
import io.latchkey.keys.control.SecretCodec;
import io.latchkey.keys.control.SecretCodec.NewSecret;
import io.latchkey.keys.entity.AccessLevel;
import io.latchkey.keys.entity.ApiKey;
import io.latchkey.keys.entity.KeyStatus;
import io.latchkey.problems.Problem.FieldError;
import io.latchkey.problems.ProblemException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
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
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code /api/v1/keys}: the key lifecycle for admins (whole organization) and token managers (own keys). */
@Path("keys")
@RequestScoped
@RolesAllowed({"admin", "token-manager"})
@Produces(MediaType.APPLICATION_JSON)
public class KeysResource {

    static final String MERGE_PATCH = "application/merge-patch+json";

    @Inject
    CurrentCaller currentCaller;

    @Inject
    KeyStore keys;

    @Inject
    UserStore users;

    @Inject
    SecretCodec codec;

    @Inject
    Clock clock;

    @Inject
    AuditLog audit;

    @Context
    SecurityContext security;

    @Context
    UriInfo uri;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    public Response create(InputStream in) {
        Caller caller = currentCaller.get();
        JsonBody body = JsonBody.read(in, true,
                Set.of("description", "access", "expires_in_days", "expires_at", "owner_id"));
        String description = KeyInput.description(body, true);
        AccessLevel access = KeyInput.access(body).orElse(AccessLevel.READ_ONLY);
        Integer inDays = body.integer("expires_in_days", 1, Organization.LIFETIME_CEILING_DAYS).orElse(null);
        String at = body.string("expires_at").orElse(null);
        String ownerId = body.string("owner_id").orElse(null);
        body.check();

        Instant now = now();
        User actor = users.get(caller.organizationId(), caller.userId());
        User owner = owner(actor, ownerId);
        KeyPolicy policy = actor.organization().keyPolicy();
        Instant expiresAt = withinCallingKey(caller,
                policy.expiry(inDays, at, now, Duration.ofDays(policy.defaultKeyLifetimeDays())), inDays, at);
        if (keys.activeKeysOf(owner.id(), now) >= policy.maxKeysPerUser()) {
            throw ProblemException.conflict("key_limit_reached",
                    "The owner already has " + policy.maxKeysPerUser() + " active keys, the organization's maximum;"
                            + " revoke one first");
        }
        NewSecret secret = codec.generate();
        ApiKey key = new ApiKey(owner, actor, description, access, secret.stored(), expiresAt, now);
        keys.add(key);
        record(key, EventType.CREATED, now, Json.createObjectBuilder()
                .add("description", description)
                .add("access", access.wireName())
                .add("expires_at", expiresAt.toString())
                .add("owner_id", owner.id()));
        return Response.created(uri.getAbsolutePathBuilder().path(key.id()).build())
                .cacheControl(noStore())
                .entity(KeyView.of(key, now, codec, true).withSecret(secret.plaintext()))
                .build();
    }

    /** The owner of a new key: the caller, or (admins only) another key-managing user of the organization. */
    private User owner(User actor, String ownerId) {
        if (ownerId == null || ownerId.equals(actor.id())) {
            return users.getLocked(actor.organization().id(), actor.id());
        }
        if (!security.isUserInRole("admin")) {
            throw ProblemException.forbidden("insufficient_role", "Only admins can create keys for other users");
        }
        User owner = users.getLocked(actor.organization().id(), ownerId);
        if (!owner.canManageKeys()) {
            throw ProblemException.invalid("owner_id", "the owner must be an active admin or token manager");
        }
        requireNoMoreRoles(owner, actor.roles());
        return owner;
    }

    /**
     * A caller may make or change a key of another user only if that user holds no role the caller lacks
     * (roles compared with what they imply: an admin covers a token manager): otherwise a key would be a
     * way to act with roles the caller does not have.
     */
    private static void requireNoMoreRoles(User owner, Set<Role> callerRoles) {
        if (!Role.covers(callerRoles, owner.roles())) {
            throw ProblemException.forbidden("owner_has_more_roles",
                    "The key's owner holds roles you do not have; only someone with all of them can do this");
        }
    }

    /**
     * A key-authenticated caller cannot make a key that outlives the calling key, so revoking a leaked key
     * (or letting it expire) contains everything minted with it. An expiry the request did not name is
     * shortened to the calling key's; one it named is refused.
     */
    private static Instant withinCallingKey(Caller caller, Instant expiresAt, Integer inDays, String at) {
        if (caller.method() != Caller.Method.API_KEY || !expiresAt.isAfter(caller.keyExpiresAt())) {
            return expiresAt;
        }
        if (inDays == null && at == null) {
            return caller.keyExpiresAt();
        }
        String field = inDays != null ? "expires_in_days" : "expires_at";
        String message = "must not be later than the expiry of the API key making this request ("
                + caller.keyExpiresAt() + ")";
        throw new ProblemException(400, "expiry_beyond_calling_key", "Invalid request", field + ": " + message,
                List.of(new FieldError(field, message)), Map.of());
    }

    @GET
    public Page<KeyView> list(@QueryParam("q") String text, @QueryParam("status") String status,
                              @QueryParam("owner_id") String ownerId, @QueryParam("limit") String limit,
                              @QueryParam("offset") String offset) {
        Caller caller = currentCaller.get();
        ListQuery query = ListQuery.parse(limit, offset);
        KeyStatus wanted = null;
        if (status != null && !status.isEmpty()) {
            wanted = KeyStatus.fromWireName(status).orElseThrow(() ->
                    ProblemException.invalid("status", "must be one of active, revoked, expired"));
        }
        if (text != null && text.length() > ApiKey.DESCRIPTION_MAX) {
            throw ProblemException.invalid("q", "must be at most " + ApiKey.DESCRIPTION_MAX + " characters");
        }
        String owner = ownerId == null || ownerId.isEmpty() ? null : ownerId;
        if (!security.isUserInRole("admin")) {
            if (owner != null && !owner.equals(caller.userId())) {
                throw ProblemException.forbidden("insufficient_role", "Only admins can list other users' keys");
            }
            owner = caller.userId();
        }
        Instant now = now();
        KeyStore.Filter filter = new KeyStore.Filter(caller.organizationId(), owner, text, wanted);
        Set<Role> roles = callerRoles();
        List<KeyView> views = keys.list(filter, now, query.limit(), query.offset()).stream()
                .map(key -> KeyView.of(key, now, codec, mayChange(key, roles))).toList();
        return new Page<>(views, keys.count(filter, now), query.limit(), query.offset());
    }

    @GET
    @Path("{id}")
    public KeyView get(@PathParam("id") String id) {
        Instant now = now();
        ApiKey key = visible(id);
        return KeyView.of(key, now, codec, mayChange(key, callerRoles()));
    }

    @PATCH
    @Path("{id}")
    @Consumes({MediaType.APPLICATION_JSON, MERGE_PATCH})
    @Transactional
    public KeyView edit(@PathParam("id") String id, InputStream in) {
        ApiKey key = changeable(id);
        JsonBody body = JsonBody.read(in, true, Set.of("description", "access"));
        String description = KeyInput.description(body, false);
        AccessLevel access = KeyInput.access(body).orElse(null);
        if (body.isValid() && description == null && access == null) {
            body.reject("description", "give description and/or access to change");
        }
        body.check();
        Instant now = now();
        JsonObjectBuilder changes = Json.createObjectBuilder();
        if (description != null && !description.equals(key.description())) {
            changes.add("description", change(key.description(), description));
        }
        if (access != null && access != key.access()) {
            changes.add("access", change(key.access().wireName(), access.wireName()));
        }
        if (description != null) {
            key.describe(description, now);
        }
        if (access != null) {
            key.grant(access, now);
        }
        record(key, EventType.EDITED, now, changes);
        return KeyView.of(key, now, codec, true);
    }

    @POST
    @Path("{id}/regenerate")
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    public Response regenerate(@PathParam("id") String id, InputStream in) {
        ApiKey key = changeable(id);
        JsonBody body = JsonBody.read(in, false, Set.of("expires_in_days", "expires_at"));
        Integer inDays = body.integer("expires_in_days", 1, Organization.LIFETIME_CEILING_DAYS).orElse(null);
        String at = body.string("expires_at").orElse(null);
        body.check();
        Instant now = now();
        KeyPolicy policy = users.organization(key.organizationId()).keyPolicy();
        Instant expiresAt = withinCallingKey(currentCaller.get(), policy.expiry(inDays, at, now, key.lifetime()), inDays, at);
        NewSecret secret = codec.generate();
        Instant previousExpiry = key.expiresAt();
        key.regenerate(secret.stored(), expiresAt, now);
        record(key, EventType.REGENERATED, now, Json.createObjectBuilder()
                .add("expires_at", change(previousExpiry.toString(), expiresAt.toString())));
        return Response.ok(KeyView.of(key, now, codec, true).withSecret(secret.plaintext()))
                .cacheControl(noStore())
                .build();
    }

    @DELETE
    @Path("{id}")
    @Transactional
    public KeyView revoke(@PathParam("id") String id) {
        ApiKey key = visible(id);
        Instant now = now();
        if (key.revokedAt() == null) {
            key.revoke(now);
            record(key, EventType.REVOKED, now, Json.createObjectBuilder());
        }
        return KeyView.of(key, now, codec, mayChange(key, callerRoles()));
    }

    /** The key's history, newest first: lifecycle changes and expiry notices sent. */
    @GET
    @Path("{id}/events")
    public Page<EventView> events(@PathParam("id") String id, @QueryParam("limit") String limit,
                                  @QueryParam("offset") String offset) {
        ListQuery query = ListQuery.parse(limit, offset);
        ApiKey key = visible(id);
        return new Page<>(audit.ofKey(key.organizationId(), key.id(), query.limit(), query.offset()).stream()
                .map(EventView::of).toList(), audit.countOfKey(key.organizationId(), key.id()), query.limit(), query.offset());
    }

    private void record(ApiKey key, EventType type, Instant now, JsonObjectBuilder details) {
        audit.record(key.organizationId(), key.id(), type, currentCaller.actor(), now, details.build());
    }

    private static JsonObjectBuilder change(String before, String after) {
        return Json.createObjectBuilder().add("before", before).add("after", after);
    }

    /** A visible key the caller may also edit and regenerate: theirs, or an owner's with no role the caller lacks. */
    private ApiKey changeable(String id) {
        ApiKey key = visible(id);
        if (!key.owner().id().equals(currentCaller.get().userId())) {
            requireNoMoreRoles(key.owner(), callerRoles());
        }
        return key;
    }

    private boolean mayChange(ApiKey key, Set<Role> callerRoles) {
        return key.owner().id().equals(currentCaller.get().userId()) || Role.covers(callerRoles, key.owner().roles());
    }

    private Set<Role> callerRoles() {
        Caller caller = currentCaller.get();
        return users.get(caller.organizationId(), caller.userId()).roles();
    }

    /** The key if the caller may see it; otherwise 404, the same as a key that does not exist. */
    private ApiKey visible(String id) {
        Caller caller = currentCaller.get();
        ApiKey key = keys.get(caller.organizationId(), id);
        if (!security.isUserInRole("admin") && !key.owner().id().equals(caller.userId())) {
            throw ProblemException.notFound("key", id);
        }
        return key;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private static CacheControl noStore() {
        CacheControl cache = new CacheControl();
        cache.setNoStore(true);
        cache.setNoCache(true);
        return cache;
    }
}
