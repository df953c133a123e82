package io.latchkey.keys.boundary;

import io.latchkey.keys.entity.KeyStatus;
import java.util.List;
import io.latchkey.accounts.entity.User;
import io.latchkey.keys.control.SecretCodec;
import io.latchkey.keys.entity.ApiKey;
import jakarta.json.bind.annotation.JsonbNillable;
import io.latchkey.keys.control.RateLimits;
import java.time.Instant;

/**
 * A key as the API shows it: never the digest; the secret ({@code api_key}) only in the response to a
 * creation or regeneration. {@code actions} lists what the caller may do with the key now
 * ({@code edit}, {@code regenerate}, {@code revoke}), so that clients can hide what would be refused.
 * {@code previousSecretExpiresAt}: until when the old secret of a regeneration with a grace period still
 * works (null when none does); {@code previousSecretLastUsedAt}: its latest use, to see when the last client
 * switched. {@code allowedCidrs}: the networks the key may be used from (empty: any). {@code scopes}: the
 * scopes of the organization's services it carries (empty: none; it is a key for Latchkey's own API). {@code createdByKeyId}:
 * the key that authenticated the creation (null when a person signed in otherwise made it). {@code requestsPerMinute}:
 * the key's own rate limit (null: the organization's default); {@code effectiveRequestsPerMinute}: the one that
 * applies (0: none).
 */
public record KeyView(String id, String description, String access, String status, String maskedKey,
                      UserRef owner, Instant createdAt, UserRef createdBy, @JsonbNillable String createdByKeyId,
                      Instant expiresAt,
                      @JsonbNillable Instant lastUsedAt, @JsonbNillable String lastUsedIp,
                      @JsonbNillable Instant revokedAt, List<String> allowedCidrs, List<String> scopes,
                      @JsonbNillable Instant previousSecretExpiresAt, @JsonbNillable Instant previousSecretLastUsedAt,
                      @JsonbNillable Integer requestsPerMinute, int effectiveRequestsPerMinute,
                      List<String> actions, String apiKey) {

    public record UserRef(String id, String email) {

        static UserRef of(User user) {
            return new UserRef(user.id(), user.email());
        }
    }

    /** {@code mayChange}: whether the caller may edit and regenerate this key (revoking is always allowed). */
    static KeyView of(ApiKey key, Instant now, SecretCodec codec, boolean mayChange) {
        boolean active = key.status(now) == KeyStatus.ACTIVE;
        List<String> actions = !active ? List.of() : mayChange ? List.of("edit", "regenerate", "revoke") : List.of("revoke");
        return new KeyView(key.id(), key.description(), key.access().wireName(), key.status(now).wireName(),
                codec.mask(key.secretLast4()), UserRef.of(key.owner()), key.createdAt(),
                UserRef.of(key.createdBy()), key.createdByKeyId(), key.expiresAt(), key.lastUsedAt(), key.lastUsedIp(), key.revokedAt(),
                key.allowedAddresses().wire(), List.copyOf(key.scopes()), key.hasPreviousSecret(now) ? key.previousSecretExpiresAt() : null,
                key.previousSecretLastUsedAt(), key.requestsPerMinute(),
                RateLimits.effective(key.requestsPerMinute(), key.owner().organization().defaultRequestsPerMinute()), actions, null);
    }

    KeyView withSecret(String plaintext) {
        return new KeyView(id, description, access, status, maskedKey, owner, createdAt, createdBy, createdByKeyId, expiresAt,
                lastUsedAt, lastUsedIp, revokedAt, allowedCidrs, scopes, previousSecretExpiresAt, previousSecretLastUsedAt,
                requestsPerMinute, effectiveRequestsPerMinute, actions, plaintext);
    }

    @Override
    public String toString() {
        return "KeyView[id=" + id + ", maskedKey=" + maskedKey + "]";
    }
}
