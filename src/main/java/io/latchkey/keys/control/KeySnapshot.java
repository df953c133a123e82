package io.latchkey.keys.control;

import io.latchkey.accounts.entity.Role;
import io.latchkey.accounts.entity.User;
import io.latchkey.keys.control.KeyVerdict.Outcome;
import io.latchkey.keys.entity.AccessLevel;
import io.latchkey.keys.entity.AllowedAddresses;
import io.latchkey.keys.entity.ApiKey;
import java.time.Instant;
import java.util.Set;

/**
 * What a key check needs of a stored key and its owner, as read at one moment: safe to hold in memory,
 * because whether it is usable is decided again against the clock at every use ({@link #verdictAt}).
 * {@code previousSecretUntil} is set when the presented secret is the key's old one, kept working by a
 * regeneration with a grace period until then. {@code scopes}: those of the organization's services the key
 * carries (read with the key, so a check with scopes costs nothing more). {@code requestsPerMinute}: the key's
 * rate limit, its own or its organization's default (0: none); a change of either drops the snapshot.
 */
record KeySnapshot(String keyId, String organizationId, String ownerId, String ownerEmail, boolean ownerActive,
                   Set<Role> ownerRoles, AccessLevel access, Instant expiresAt, Instant revokedAt,
                   Instant previousSecretUntil, AllowedAddresses allowed, Set<String> scopes,
                   Instant issuedAt, int requestsPerMinute) {

    static KeySnapshot of(ApiKey key) {
        return of(key, null);
    }

    static KeySnapshot ofPreviousSecret(ApiKey key) {
        return of(key, key.previousSecretExpiresAt());
    }

    private static KeySnapshot of(ApiKey key, Instant previousSecretUntil) {
        User owner = key.owner();
        return new KeySnapshot(key.id(), key.organizationId(), owner.id(), owner.email(), owner.isActive(),
                Set.copyOf(owner.roles()), key.access(), key.expiresAt(), key.revokedAt(), previousSecretUntil,
                key.allowedAddresses(), Set.copyOf(key.scopes()), key.issuedAt(),
                RateLimits.effective(key.requestsPerMinute(), owner.organization().defaultRequestsPerMinute()));
    }

    /** The verdict for a use at {@code now} by a client at {@code clientAddress} (null: not known). */
    KeyVerdict verdictAt(Instant now, String clientAddress) {
        boolean previous = previousSecretUntil != null;
        if (previous && !now.isBefore(previousSecretUntil) && revokedAt == null) {
            return KeyVerdict.refused(Outcome.UNKNOWN); // an old secret after its grace period: as if replaced outright
        }
        Outcome outcome = revokedAt != null ? Outcome.REVOKED
                : !now.isBefore(expiresAt) ? Outcome.EXPIRED
                : !ownerActive ? Outcome.OWNER_INACTIVE
                : !allowed.allows(clientAddress) ? Outcome.ADDRESS_NOT_ALLOWED
                : Outcome.VALID;
        boolean valid = outcome == Outcome.VALID;
        return new KeyVerdict(outcome, keyId, organizationId, ownerId, valid ? ownerEmail : null,
                valid ? ownerRoles : Set.of(), access, expiresAt, revokedAt, previous, valid ? scopes : Set.of(), issuedAt,
                requestsPerMinute);
    }
}
