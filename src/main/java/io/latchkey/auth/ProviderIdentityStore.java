package io.latchkey.auth;

import io.latchkey.accounts.entity.User;
import io.latchkey.caller.Caller;
import io.latchkey.identity.boundary.ProviderSignIns;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;

/**
 * People signed in by the OpenID Connect provider: the callback's state, cookie and code are checked by
 * {@link ProviderSignIns}; a refusal leaves as the {@link io.latchkey.platform.Refusal} it raised (with
 * the reason's code), for the mechanism to hand to the sign-in page.
 */
@ApplicationScoped
public class ProviderIdentityStore implements IdentityStore {

    @Inject
    ProviderSignIns signIns;

    @Override
    public CredentialValidationResult validate(Credential credential) {
        if (!(credential instanceof ProviderCallback callback)) {
            return CredentialValidationResult.NOT_VALIDATED_RESULT;
        }
        User user = signIns.finish(callback.state(), callback.browserSecret(), callback.code());
        return LatchkeyPrincipal.valid(Caller.bySession(user.id(), user.organization().id()),
                PasswordIdentityStore.stamp(user.passwordHash()), "oidc", user);
    }
}
