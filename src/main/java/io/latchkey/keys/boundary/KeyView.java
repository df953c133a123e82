package io.latchkey.keys.boundary;

import io.latchkey.accounts.entity.User;
import io.latchkey.keys.control.SecretCodec;
import io.latchkey.keys.entity.ApiKey;
import jakarta.json.bind.annotation.JsonbNillable;
import java.time.Instant;

/**
 * A key as the API shows it: never the digest; the secret ({@code api_key}) only in the response to a
 * creation or regeneration.
 */
public record KeyView(String id, String description, String access, String status, String maskedKey,
                      UserRef owner, Instant createdAt, UserRef createdBy, Instant expiresAt,
                      @JsonbNillable Instant lastUsedAt, @JsonbNillable String lastUsedIp,
                      @JsonbNillable Instant revokedAt, String apiKey) {

    public record UserRef(String id, String email) {

        static UserRef of(User user) {
            return new UserRef(user.id(), user.email());
        }
    }

    static KeyView of(ApiKey key, Instant now, SecretCodec codec) {
        return new KeyView(key.id(), key.description(), key.access().wireName(), key.status(now).wireName(),
                codec.mask(key.secretLast4()), UserRef.of(key.owner()), key.createdAt(),
                UserRef.of(key.createdBy()), key.expiresAt(), key.lastUsedAt(), key.lastUsedIp(), key.revokedAt(), null);
    }

    KeyView withSecret(String plaintext) {
        return new KeyView(id, description, access, status, maskedKey, owner, createdAt, createdBy, expiresAt,
                lastUsedAt, lastUsedIp, revokedAt, plaintext);
    }

    @Override
    public String toString() {
        return "KeyView[id=" + id + ", maskedKey=" + maskedKey + "]";
    }
}
