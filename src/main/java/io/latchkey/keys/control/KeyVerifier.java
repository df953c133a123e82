package io.latchkey.keys.control;

import io.latchkey.accounts.entity.User;
import io.latchkey.keys.control.KeyVerdict.Outcome;
import io.latchkey.keys.entity.ApiKey;
import io.latchkey.keys.entity.ApiKey.SecretDigest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * The one answer to "is this presented key usable right now, and for whom". Format and checksum are
 * checked first, so garbage never reaches the database; then one lookup by digest (compared again in
 * constant time), revocation, expiry against the clock, and the owner still active. The owner's roles
 * are read with the key, so a role removed a moment ago is gone from the key too.
 */
@ApplicationScoped
public class KeyVerifier {

    @Inject
    SecretCodec codec;

    @Inject
    KeyStore keys;

    @Inject
    Clock clock;

    public KeyVerdict verify(String presented) {
        Optional<SecretDigest> wellFormed = codec.digestIfWellFormed(presented);
        if (wellFormed.isEmpty()) {
            return KeyVerdict.refused(Outcome.MALFORMED);
        }
        String digest = wellFormed.get().digest();
        Optional<ApiKey> found = keys.byDigest(digest);
        if (found.isEmpty() || !SecretCodec.sameDigest(found.get().secretDigest(), digest)) {
            return KeyVerdict.refused(Outcome.UNKNOWN);
        }
        ApiKey key = found.get();
        Instant now = clock.instant();
        User owner = key.owner();
        Outcome outcome = switch (key.status(now)) {
            case REVOKED -> Outcome.REVOKED;
            case EXPIRED -> Outcome.EXPIRED;
            case ACTIVE -> owner.isActive() ? Outcome.VALID : Outcome.OWNER_INACTIVE;
        };
        return new KeyVerdict(outcome, key.id(), key.organizationId(), owner.id(),
                outcome == Outcome.VALID ? owner.roles() : Set.of(), key.access(), key.expiresAt(),
                key.revokedAt());
    }
}
