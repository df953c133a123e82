package io.latchkey.keys.control;

import io.latchkey.accounts.control.UserStore;
import io.latchkey.accounts.entity.KeyPolicy;
import io.latchkey.accounts.entity.Role;
import io.latchkey.accounts.entity.User;
import io.latchkey.audit.control.AuditLog;
import io.latchkey.audit.entity.Actor;
import io.latchkey.audit.entity.EventType;
import io.latchkey.caller.Caller;
import io.latchkey.grid.Invalidation;
import io.latchkey.keys.control.SecretCodec.NewSecret;
import io.latchkey.keys.entity.AccessLevel;
import io.latchkey.keys.entity.AllowedAddresses;
import io.latchkey.keys.entity.ApiKey;
import io.latchkey.keys.entity.KeyStatus;
import io.latchkey.platform.Refusal;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import io.latchkey.accounts.control.UserDeactivated;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;

/**
 * The rules of the key lifecycle, whoever asks: who may see a key (admins: the organization's; token
 * managers: their own), who may change one (its owner, or a caller whose roles cover the owner's), how
 * long a new key lives (the organization's policy, and never past the key that makes the request), how
 * many an owner may hold, and what the audit trail records. Runs in the caller's transaction.
 */
@ApplicationScoped
public class KeyLifecycle {

    private static final String BEYOND_CALLING_KEY = "addresses_beyond_calling_key";

    /** What a creation asks for; absent fields are null. */
    public record NewKey(String description, AccessLevel access, Integer expiresInDays, String expiresAt, String ownerId,
                         List<String> allowedCidrs, List<String> scopes, Integer requestsPerMinute) {
    }

    /** A key with its secret, the one time it is shown. */
    public record Issued(ApiKey key, String secret) {
    }

    @Inject
    KeyStore keys;

    @Inject
    UserStore users;

    @Inject
    SecretCodec codec;

    @Inject
    AuditLog audit;

    @Inject
    Clock clock;

    @Inject
    KeyLineage lineage;

    @Inject
    KeyScopes scopes;

    /** Every change to a key's answer: carried to every instance's memory once the transaction commits. */
    @Inject
    Event<Invalidation> changes;

    public Issued create(Caller caller, Actor actor, NewKey request) {
        Instant now = now();
        User creator = users.get(caller.organizationId(), caller.userId());
        User owner = owner(creator, request.ownerId());
        KeyPolicy policy = creator.organization().keyPolicy();
        Instant expiresAt = KeyExpiry.withinCallingKey(caller, KeyExpiry.of(policy, request.expiresInDays(), request.expiresAt(), now,
                Duration.ofDays(policy.defaultKeyLifetimeDays())), request.expiresInDays(), request.expiresAt());
        if (keys.activeKeysOf(owner.id(), now) >= policy.maxKeysPerUser()) {
            throw Refusal.conflict("key_limit_reached",
                    "The owner already has " + policy.maxKeysPerUser() + " active keys, the organization's maximum;"
                            + " revoke one first");
        }
        AllowedAddresses callingKey = callingKeyAddresses(caller);
        AllowedAddresses addresses = request.allowedCidrs() == null ? callingKey
                : withinCallingKey(callingKey, AllowedAddresses.parse(request.allowedCidrs()));
        NewSecret secret = codec.generate();
        AccessLevel access = request.access() == null ? AccessLevel.READ_ONLY : request.access();
        ApiKey key = new ApiKey(owner, creator, caller.isKey() ? caller.keyId() : null, request.description(), access,
                addresses, secret.stored(), expiresAt, now);
        if (request.scopes() != null && !request.scopes().isEmpty()) {
            scopes.requireGrantable(owner, access, request.scopes());
            key.carry(Set.copyOf(request.scopes()), now);
        }
        key.limitRequests(rateLimit(caller, creator.organization().defaultRequestsPerMinute(),
                request.requestsPerMinute(), null, true), now);
        keys.add(key);
        JsonObjectBuilder details = Json.createObjectBuilder()
                .add("description", key.description())
                .add("access", access.wireName())
                .add("expires_at", expiresAt.toString())
                .add("owner_id", owner.id());
        if (caller.isKey()) {
            details.add("created_by_key_id", caller.keyId());
        }
        if (!addresses.isAny()) {
            details.add("allowed_cidrs", Json.createArrayBuilder(addresses.wire()));
        }
        if (!key.scopes().isEmpty()) {
            details.add("scopes", Json.createArrayBuilder(key.scopes()));
        }
        if (key.requestsPerMinute() != null) {
            details.add("requests_per_minute", key.requestsPerMinute());
        }
        record(key, EventType.CREATED, actor, now, details);
        return new Issued(key, secret.plaintext());
    }

    /**
     * The owner of a new key: the creator, or another key-managing user of the organization for admins, or a
     * service account for the token managers it names as its managers.
     */
    private User owner(User creator, String ownerId) {
        if (ownerId == null || ownerId.equals(creator.id())) {
            return users.getLocked(creator.organization().id(), creator.id());
        }
        // a token manager learns nothing of users they may not act for: absent or not theirs, the same refusal
        if (!creator.isAdmin() && !users.find(creator.organization().id(), ownerId)
                .map(candidate -> candidate.isManagedBy(creator.id())).orElse(false)) {
            throw Refusal.forbidden("insufficient_role", "Only admins, and the managers a service account names, can create"
                    + " keys for other users");
        }
        User owner = users.getLocked(creator.organization().id(), ownerId);
        if (!owner.mayOwnKeys()) {
            throw Refusal.invalid("owner_id", "the owner must be an active admin, token manager or verifier");
        }
        requireNoMoreRoles(owner, creator.roles());
        return owner;
    }

    /**
     * A caller may make or change a key of another user only if that user holds no role the caller lacks
     * (roles compared with what they imply: an admin covers a token manager): otherwise a key would be a
     * way to act with roles the caller does not have.
     */
    private static void requireNoMoreRoles(User owner, Set<Role> callerRoles) {
        if (!Role.covers(callerRoles, owner.roles())) {
            throw Refusal.forbidden("owner_has_more_roles",
                    "The key's owner holds roles you do not have; only someone with all of them can do this");
        }
    }

    /**
     * Which keys a list shows to this caller: token managers see their own, or (asking with {@code owner_id})
     * those of a service account that names them as a manager.
     */
    public KeyStore.Filter filter(Caller caller, String ownerId, String text, KeyStatus status) {
        String owner = ownerId == null || ownerId.isEmpty() ? null : ownerId;
        if (!isAdmin(caller)) {
            if (owner == null) {
                owner = caller.userId();
            } else if (!owner.equals(caller.userId()) && !managesServiceAccount(caller, owner)) {
                throw Refusal.forbidden("insufficient_role", "Only admins, and the managers a service account names,"
                        + " can list other users' keys");
            }
        }
        return new KeyStore.Filter(caller.organizationId(), owner, text, status);
    }

    private boolean managesServiceAccount(Caller caller, String ownerId) {
        return users.find(caller.organizationId(), ownerId).map(owner -> owner.isManagedBy(caller.userId())).orElse(false);
    }

    /**
     * The key if the caller may see it (theirs, any for admins, a service account's for its managers); otherwise
     * 404, the same as a key that does not exist.
     */
    public ApiKey visible(Caller caller, String id) {
        ApiKey key = keys.get(caller.organizationId(), id);
        if (!key.owner().id().equals(caller.userId()) && !key.owner().isManagedBy(caller.userId()) && !isAdmin(caller)) {
            throw Refusal.notFound("key", id);
        }
        return key;
    }

    /** Whether the caller may edit and regenerate this key: theirs, or an owner's whose roles theirs cover. */
    public boolean mayChange(Caller caller, ApiKey key) {
        return mayChange(caller, rolesOf(caller), key);
    }

    /** As {@link #mayChange(Caller, ApiKey)}, with the caller's roles read once for a whole list. */
    public boolean mayChange(Caller caller, Set<Role> callerRoles, ApiKey key) {
        return key.owner().id().equals(caller.userId()) || Role.covers(callerRoles, key.owner().roles());
    }

    private ApiKey changeable(Caller caller, String id) {
        ApiKey key = visible(caller, id);
        if (!key.owner().id().equals(caller.userId())) {
            requireNoMoreRoles(key.owner(), rolesOf(caller));
        }
        return key;
    }

    /**
     * Changes description, access, allowed networks, scopes and/or rate limit (null: unchanged; a rate limit of 0:
     * the organization's default); the secret stays.
     */
    public ApiKey edit(Caller caller, Actor actor, String id, String description, AccessLevel access,
                       List<String> allowedCidrs, List<String> wantedScopes, Integer requestsPerMinute) {
        ApiKey key = changeable(caller, id);
        Instant now = now();
        Integer rate = requestsPerMinute == null ? key.requestsPerMinute()
                : rateLimit(caller, users.organization(key.organizationId()).defaultRequestsPerMinute(), requestsPerMinute,
                key.requestsPerMinute(), false);
        Set<String> scoped = wantedScopes == null ? key.scopes() : Set.copyOf(wantedScopes);
        if (wantedScopes != null || access != null) {
            scopes.requireGrantable(key.owner(), access == null ? key.access() : access, scoped);
        }
        AllowedAddresses addresses = allowedCidrs == null ? null
                : withinCallingKey(callingKeyAddresses(caller), AllowedAddresses.parse(allowedCidrs));
        JsonObjectBuilder details = Json.createObjectBuilder();
        if (addresses != null && !addresses.equals(key.allowedAddresses())) {
            details.add("allowed_cidrs", Json.createObjectBuilder()
                    .add("before", Json.createArrayBuilder(key.allowedAddresses().wire()))
                    .add("after", Json.createArrayBuilder(addresses.wire())));
        }
        if (description != null && !description.equals(key.description())) {
            details.add("description", change(key.description(), description));
        }
        if (access != null && access != key.access()) {
            details.add("access", change(key.access().wireName(), access.wireName()));
        }
        if (description != null) {
            key.describe(description, now);
        }
        if (access != null) {
            key.grant(access, now);
        }
        if (addresses != null) {
            key.allowFrom(addresses, now);
        }
        if (wantedScopes != null && !scoped.equals(key.scopes())) {
            details.add("scopes", Json.createObjectBuilder()
                    .add("before", Json.createArrayBuilder(key.scopes()))
                    .add("after", Json.createArrayBuilder(new java.util.TreeSet<>(scoped))));
            key.carry(scoped, now);
        }
        if (!java.util.Objects.equals(rate, key.requestsPerMinute())) {
            details.add("requests_per_minute", Json.createObjectBuilder()
                    .add("before", key.requestsPerMinute() == null ? Json.createValue(0) : Json.createValue(key.requestsPerMinute()))
                    .add("after", rate == null ? Json.createValue(0) : Json.createValue(rate)));
            key.limitRequests(rate, now);
        }
        joinCallingKeysLineage(caller, key, details);
        record(key, EventType.EDITED, actor, now, details);
        changes.fire(Invalidation.ofKey(key.id()));
        return key;
    }

    /**
     * A new secret for the same key; without an expiry, the key's current lifetime again from now. With a
     * grace period the old secret keeps working that long (see {@link ApiKey#regenerate}).
     */
    public Issued regenerate(Caller caller, Actor actor, String id, Integer expiresInDays, String expiresAt,
                             Duration gracePeriod) {
        ApiKey key = changeable(caller, id);
        AllowedAddresses callingKey = callingKeyAddresses(caller);
        if (!callingKey.covers(key.allowedAddresses())) {
            throw Refusal.forbidden(BEYOND_CALLING_KEY, "The API key making this request is limited to "
                    + String.join(", ", callingKey.wire()) + "; it cannot take a new secret for a key usable from elsewhere");
        }
        Instant now = now();
        KeyPolicy policy = users.organization(key.organizationId()).keyPolicy();
        Instant expiry = KeyExpiry.withinCallingKey(caller, KeyExpiry.of(policy, expiresInDays, expiresAt, now, key.lifetime()),
                expiresInDays, expiresAt);
        NewSecret secret = codec.generate();
        Instant previousExpiry = key.expiresAt();
        key.regenerate(secret.stored(), expiry, gracePeriod, now);
        changes.fire(Invalidation.ofKey(key.id()));
        JsonObjectBuilder details = Json.createObjectBuilder();
        joinCallingKeysLineage(caller, key, details);
        details.add("expires_at", change(previousExpiry.toString(), key.expiresAt().toString()));
        if (key.previousSecretExpiresAt() != null) {
            details.add("previous_secret_expires_at", key.previousSecretExpiresAt().toString());
        }
        record(key, EventType.REGENERATED, actor, now, details);
        return new Issued(key, secret.plaintext());
    }

    /**
     * An owner was deactivated: the old secrets still in a grace period end now, so that reactivating the
     * owner does not bring them back. Runs in the transaction that deactivates.
     */
    void ownerDeactivated(@Observes UserDeactivated deactivated) {
        keys.withPreviousSecret(deactivated.userId()).forEach(key -> {
            key.endPreviousSecret();
            changes.fire(Invalidation.ofKey(key.id()));
        });
    }

    /**
     * A key that edits or regenerates another (not itself) puts it in its lineage: revoking the calling key
     * revokes this one too, and this one's expiry comes forward to the calling key's if it was later.
     */
    private static void joinCallingKeysLineage(Caller caller, ApiKey key, JsonObjectBuilder details) {
        if (caller.isKey() && !caller.keyId().equals(key.id())) {
            Instant before = key.expiresAt();
            key.changedBy(caller.keyId(), caller.keyExpiresAt());
            details.add("lineage_of_key_id", caller.keyId());
            if (!key.expiresAt().equals(before)) {
                details.add("expires_at", change(before.toString(), key.expiresAt().toString()));
            }
        }
    }

    /**
     * Revokes at once, and every key this one made ({@link KeyLineage}); idempotent. Open to every admin of the
     * organization: containment is never blocked.
     */
    public ApiKey revoke(Caller caller, Actor actor, String id) {
        ApiKey key = visible(caller, id);
        Instant now = now();
        if (key.revokedAt() == null) {
            key.revoke(now);
            changes.fire(Invalidation.ofKey(key.id()));
            record(key, EventType.REVOKED, actor, now, Json.createObjectBuilder());
        }
        lineage.revokeMadeBy(key.organizationId(), key.id(), KeyLineage.Cause.REVOKED, actor, now);
        return key;
    }

    /**
     * The networks the key making the request may be used from; any for password and session callers. A key
     * never yields a key (new, edited or regenerated) usable from where it is not, as it never yields one
     * that outlives it.
     */
    /**
     * The rate limit a key is to have of its own (null: the organization's default, {@code organizationDefault},
     * 0 meaning none), from what was asked ({@code requested}: null not said, 0 the default). Two rules. Only
     * admins give a key a limit above the organization's default (a token manager could otherwise lift the
     * default off their own keys). And a key made or changed by a key never takes more than the calling key's
     * own limit: asked for more, refused; not asked when created, it gets the calling key's limit.
     */
    private Integer rateLimit(Caller caller, int organizationDefault, Integer requested, Integer current, boolean creating) {
        Integer own = requested == null ? current : requested == 0 ? null : requested;
        if (!creating && java.util.Objects.equals(own, current)) {
            return current; // unchanged: neither rule is asked again of what was allowed when it was set
        }
        if (own != null && organizationDefault > 0 && own > organizationDefault && !isAdmin(caller)) {
            throw Refusal.forbidden("rate_limit_above_default", "Only admins can give a key a rate limit above the"
                    + " organization's default of " + organizationDefault + " requests per minute");
        }
        if (caller.method() != Caller.Method.API_KEY) {
            return own;
        }
        int calling = RateLimits.effective(keys.get(caller.organizationId(), caller.keyId()).requestsPerMinute(),
                organizationDefault);
        int wanted = RateLimits.effective(own, organizationDefault);
        if (calling == 0 || (wanted != 0 && wanted <= calling)) {
            return own;
        }
        if (creating && requested == null) {
            return calling;
        }
        throw Refusal.invalid("rate_limit_beyond_calling_key", "requests_per_minute", "must not exceed the rate limit of"
                + " the API key making this request (" + calling + " requests per minute)");
    }

    private AllowedAddresses callingKeyAddresses(Caller caller) {
        return caller.method() == Caller.Method.API_KEY ? keys.get(caller.organizationId(), caller.keyId()).allowedAddresses()
                : AllowedAddresses.any();
    }

    private static AllowedAddresses withinCallingKey(AllowedAddresses callingKey, AllowedAddresses requested) {
        if (!callingKey.covers(requested)) {
            throw Refusal.invalid(BEYOND_CALLING_KEY, "allowed_cidrs", "must lie within the networks of the API key making"
                    + " this request (" + String.join(", ", callingKey.wire()) + ")");
        }
        return requested;
    }

    private boolean isAdmin(Caller caller) {
        return rolesOf(caller).contains(Role.ADMIN);
    }

    public Set<Role> rolesOf(Caller caller) {
        return users.get(caller.organizationId(), caller.userId()).roles();
    }

    private void record(ApiKey key, EventType type, Actor actor, Instant now, JsonObjectBuilder details) {
        audit.record(key.organizationId(), key.id(), type, actor, now, details.build());
    }

    private static JsonObjectBuilder change(String before, String after) {
        return Json.createObjectBuilder().add("before", before).add("after", after);
    }

    public Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
