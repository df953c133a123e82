package io.latchkey.keys.control;

import io.latchkey.keys.control.KeyVerdict.Outcome;
import io.latchkey.keys.entity.ApiKey.SecretDigest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.Optional;

/**
 * The one answer to "is this presented key usable right now, and for whom". Format and checksum are
 * checked first, so garbage never reaches memory or the database; then the key and its owner by digest
 * ({@link KeyCache}: from memory while this instance may, else one lookup, whose digest is compared again
 * in constant time); then revocation, expiry against the clock and the owner still active, at every use.
 * The owner's roles are read with the key and dropped from memory on any change to the owner, so a
 * role removed a moment ago is gone from the key too. A secret that is no key's current one may be a key's
 * old one in the grace period of a regeneration (a second indexed lookup, only on a miss); last, the
 * client's address against the key's allowed networks.
 */
@ApplicationScoped
public class KeyVerifier {

    @Inject
    SecretCodec codec;

    @Inject
    KeyStore keys;

    @Inject
    KeyCache cache;

    @Inject
    Clock clock;

    /** {@code clientAddress}: the client's address as the trusted-proxy rules determine it; null if unknown. */
    public KeyVerdict verify(String presented, String clientAddress) {
        Optional<SecretDigest> wellFormed = codec.digestIfWellFormed(presented);
        if (wellFormed.isEmpty()) {
            return KeyVerdict.refused(Outcome.MALFORMED);
        }
        return cache.find(wellFormed.get().digest(), this::load)
                .map(key -> key.verdictAt(clock.instant(), clientAddress))
                .orElseGet(() -> KeyVerdict.refused(Outcome.UNKNOWN));
    }

    private Optional<KeySnapshot> load(String digest) {
        Optional<KeySnapshot> current = keys.byDigest(digest)
                .filter(key -> SecretCodec.sameDigest(key.secretDigest(), digest))
                .map(KeySnapshot::of);
        if (current.isPresent()) {
            return current;
        }
        return keys.byPreviousDigest(digest)
                .filter(key -> SecretCodec.sameDigest(key.previousSecretDigest(), digest))
                .map(KeySnapshot::ofPreviousSecret);
    }
}
