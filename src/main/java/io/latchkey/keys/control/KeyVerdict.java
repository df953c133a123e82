package io.latchkey.keys.control;

import io.latchkey.accounts.entity.Role;
import io.latchkey.keys.entity.AccessLevel;
import java.time.Instant;
import java.util.Set;

/**
 * What a presented key is worth right now. {@code keyId} and {@code organizationId} are set for every
 * real key of this installation (also a revoked or expired one: its use is worth an audit event);
 * {@code ownerEmail} and {@code ownerRoles} only for a usable key.
 */
public record KeyVerdict(Outcome outcome, String keyId, String organizationId, String ownerId, String ownerEmail,
                         Set<Role> ownerRoles, AccessLevel access, Instant expiresAt, Instant revokedAt) {

    /** Why a key is or is not usable; {@link #code()} is the stable problem code of a refusal. */
    public enum Outcome {
        VALID(null),
        /** Not a well-formed key of this installation (format, prefix or checksum): no lookup was made. */
        MALFORMED("key_invalid"),
        /** Well-formed, but no key has this digest. */
        UNKNOWN("key_invalid"),
        REVOKED("key_revoked"),
        EXPIRED("key_expired"),
        OWNER_INACTIVE("key_owner_inactive");

        private final String code;

        Outcome(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    static KeyVerdict refused(Outcome outcome) {
        return new KeyVerdict(outcome, null, null, null, null, Set.of(), null, null, null);
    }

    public boolean isValid() {
        return outcome == Outcome.VALID;
    }

    /** A refused real key (revoked or expired) whose use the audit trail should count. */
    public boolean isDeadKey() {
        return outcome == Outcome.REVOKED || outcome == Outcome.EXPIRED;
    }
}
