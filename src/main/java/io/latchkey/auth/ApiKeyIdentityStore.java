package io.latchkey.auth;

import io.latchkey.caller.Caller;
import io.latchkey.accounts.entity.Role;
import io.latchkey.keys.control.KeyVerdict;
import io.latchkey.keys.control.KeyVerifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;
import java.util.stream.Collectors;

/**
 * Decides whether a presented API key is good, and with which groups (its owner's roles as they are
 * now). {@link #verdict} gives the typed reason the mechanism reports; {@link #validate} is the
 * platform's view of the same decision.
 */
@ApplicationScoped
public class ApiKeyIdentityStore implements IdentityStore {

    @Inject
    KeyVerifier verifier;

    /** Dispatches explicitly: the default implementation finds the overload by reflection. */
    @Override
    public CredentialValidationResult validate(Credential credential) {
        return credential instanceof ApiKeyCredential key ? result(verdict(key)) : CredentialValidationResult.NOT_VALIDATED_RESULT;
    }

    KeyVerdict verdict(ApiKeyCredential credential) {
        return verifier.verify(credential.key(), credential.clientAddress());
    }

    CredentialValidationResult result(KeyVerdict verdict) {
        if (!verdict.isValid()) {
            return CredentialValidationResult.INVALID_RESULT;
        }
        Caller caller = Caller.byKey(verdict.ownerId(), verdict.organizationId(), verdict.keyId(), verdict.access().wireName(),
                verdict.expiresAt(), verdict.previousSecret(), !verdict.scopes().isEmpty());
        return new CredentialValidationResult(new LatchkeyPrincipal(caller),
                verdict.ownerRoles().stream().map(Role::wireName).collect(Collectors.toSet()));
    }
}
