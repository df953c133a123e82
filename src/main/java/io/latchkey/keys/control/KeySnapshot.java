package io.latchkey.keys.control;

import io.latchkey.accounts.entity.Role;
import io.latchkey.accounts.entity.User;
import io.latchkey.keys.control.KeyVerdict.Outcome;
import io.latchkey.keys.entity.AccessLevel;
import io.latchkey.keys.entity.ApiKey;
import java.time.Instant;
import java.util.Set;

/**
 * What a key check needs of a stored key and its owner, as read at one moment: safe to hold in memory,
 * because whether it is usable is decided again against the clock at every use ({@link #verdictAt}).
 */
record KeySnapshot(String keyId, String organizationId, String ownerId, String ownerEmail, boolean ownerActive,
                   Set<Role> ownerRoles, AccessLevel access, Instant expiresAt, Instant revokedAt) {

    static KeySnapshot of(ApiKey key) {
        User owner = key.owner();
        return new KeySnapshot(key.id(), key.organizationId(), owner.id(), owner.email(), owner.isActive(),
                Set.copyOf(owner.roles()), key.access(), key.expiresAt(), key.revokedAt());
    }

    KeyVerdict verdictAt(Instant now) {
        Outcome outcome = revokedAt != null ? Outcome.REVOKED
                : !now.isBefore(expiresAt) ? Outcome.EXPIRED
                : ownerActive ? Outcome.VALID : Outcome.OWNER_INACTIVE;
        boolean valid = outcome == Outcome.VALID;
        return new KeyVerdict(outcome, keyId, organizationId, ownerId, valid ? ownerEmail : null,
                valid ? ownerRoles : Set.of(), access, expiresAt, revokedAt);
    }
}
