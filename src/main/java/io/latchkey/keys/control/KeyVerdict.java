package io.latchkey.keys.control;

import io.latchkey.accounts.entity.Role;
import io.latchkey.audit.entity.EventType;
import io.latchkey.keys.entity.AccessLevel;
import io.latchkey.metrics.Metrics;
import java.time.Instant;
import java.util.Set;

/**
 * What a presented key is worth right now. {@code keyId} and {@code organizationId} are set for every
 * real key of this installation (also a revoked or expired one: its use is worth an audit event);
 * {@code ownerEmail} and {@code ownerRoles} only for a usable key. {@code previousSecret}: the presented
 * secret is the key's old one, in the grace period of a regeneration. {@code scopes}: the scopes of the
 * organization's services a usable key carries (empty: none; such a key is for Latchkey's own API).
 * {@code requestsPerMinute}: the key's rate limit (0: none), see {@link RateLimits}.
 */
public record KeyVerdict(Outcome outcome, String keyId, String organizationId, String ownerId, String ownerEmail,
                         Set<Role> ownerRoles, AccessLevel access, Instant expiresAt, Instant revokedAt,
                         boolean previousSecret, Set<String> scopes, Instant issuedAt,
                         int requestsPerMinute) {

    /** Why a key is or is not usable; {@link #code()} is the stable problem code of a refusal. */
    public enum Outcome {
        VALID(null),
        /** Not a well-formed key of this installation (format, prefix or checksum): no lookup was made. */
        MALFORMED("key_invalid"),
        /** Well-formed, but no key has this digest. */
        UNKNOWN("key_invalid"),
        REVOKED("key_revoked"),
        EXPIRED("key_expired"),
        OWNER_INACTIVE("key_owner_inactive"),
        /** A usable key presented from a client address outside the key's {@code allowed_cidrs}: a 403. */
        ADDRESS_NOT_ALLOWED("address_not_allowed");

        private final String code;

        Outcome(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }

        /** How a check with this outcome is counted in the metrics. */
        public Metrics.CheckOutcome counted() {
            return switch (this) {
                case VALID -> Metrics.CheckOutcome.VALID;
                case MALFORMED -> Metrics.CheckOutcome.MALFORMED;
                case UNKNOWN -> Metrics.CheckOutcome.UNKNOWN;
                case REVOKED -> Metrics.CheckOutcome.REVOKED;
                case EXPIRED -> Metrics.CheckOutcome.EXPIRED;
                case OWNER_INACTIVE -> Metrics.CheckOutcome.OWNER_INACTIVE;
                case ADDRESS_NOT_ALLOWED -> Metrics.CheckOutcome.ADDRESS;
            };
        }
    }

    static KeyVerdict refused(Outcome outcome) {
        return new KeyVerdict(outcome, null, null, null, null, Set.of(), null, null, null, false, Set.of(), null, 0);
    }

    public boolean isValid() {
        return outcome == Outcome.VALID;
    }

    /**
     * Whether the owner still holds a role that may own keys for use elsewhere (admin or token manager): a
     * demoted owner's key, or a verifier's own, passes neither a gateway nor a backend's check.
     */
    public boolean ownerMayUseKeys() {
        return Role.canManageKeys(ownerRoles);
    }

    /** The code of a usable key over its rate limit. */
    public static final String RATE_LIMITED = "rate_limited";

    /** The code of a usable key that lacks a scope a service asked for. */
    public static final String INSUFFICIENT_SCOPE = "insufficient_scope";

    /** The scopes of {@code required} this usable key does not carry, in name order; empty: it may pass. */
    public java.util.List<String> missingScopes(java.util.Collection<String> required) {
        return required.stream().filter(scope -> !scopes.contains(scope)).distinct().sorted().toList();
    }

    /** The code of a usable key whose owner no longer holds a key-owning role (see {@link #ownerMayUseKeys}). */
    public static final String OWNER_ROLE_MISSING = "key_owner_role_missing";

    /**
     * The aggregated audit event a refused use of a real key counts towards (revoked, expired, or from an
     * address the key does not allow); null when the refusal is not worth one.
     */
    public EventType refusedUseEvent() {
        return switch (outcome) {
            case REVOKED -> EventType.REVOKED_KEY_USED;
            case EXPIRED -> EventType.EXPIRED_KEY_USED;
            case ADDRESS_NOT_ALLOWED -> EventType.ADDRESS_NOT_ALLOWED;
            default -> null;
        };
    }
}
