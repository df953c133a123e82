package io.latchkey.auth;

import io.latchkey.accounts.entity.Role;
import io.latchkey.accounts.entity.User;
import io.latchkey.keys.control.KeyStore;
import io.latchkey.keys.control.SecretCodec;
import io.latchkey.keys.entity.ApiKey;
import io.latchkey.keys.entity.ApiKey.SecretDigest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.stream.Collectors;

/** Decides whether a presented API key is good, and with which groups (its owner's roles). */
@ApplicationScoped
public class ApiKeyIdentityStore implements IdentityStore {

    @Inject
    SecretCodec codec;

    @Inject
    KeyStore keys;

    @Inject
    Clock clock;

    public CredentialValidationResult validate(ApiKeyCredential credential) {
        Optional<SecretDigest> presented = codec.digestIfWellFormed(credential.key());
        if (presented.isEmpty()) {
            credential.reject("key_invalid", "The API key is malformed or not of this installation");
            return CredentialValidationResult.INVALID_RESULT;
        }
        String digest = presented.get().digest();
        Optional<ApiKey> found = keys.byDigest(digest);
        if (found.isEmpty() || !SecretCodec.sameDigest(found.get().secretDigest(), digest)) {
            credential.reject("key_invalid", "The API key is not valid");
            return CredentialValidationResult.INVALID_RESULT;
        }
        ApiKey key = found.get();
        Instant now = clock.instant();
        switch (key.status(now)) {
            case REVOKED -> {
                credential.reject("key_revoked", "The API key was revoked at " + key.revokedAt(), key.id(), key.organizationId());
                return CredentialValidationResult.INVALID_RESULT;
            }
            case EXPIRED -> {
                credential.reject("key_expired", "The API key expired at " + key.expiresAt(), key.id(), key.organizationId());
                return CredentialValidationResult.INVALID_RESULT;
            }
            case ACTIVE -> {
                // checked below
            }
        }
        User owner = key.owner();
        if (!owner.isActive()) {
            credential.reject("key_owner_inactive", "The API key's owner is deactivated");
            return CredentialValidationResult.INVALID_RESULT;
        }
        Caller caller = Caller.byKey(owner.id(), key.organizationId(), key.id(), key.access(), key.expiresAt());
        return new CredentialValidationResult(new LatchkeyPrincipal(caller),
                owner.roles().stream().map(Role::wireName).collect(Collectors.toSet()));
    }
}
