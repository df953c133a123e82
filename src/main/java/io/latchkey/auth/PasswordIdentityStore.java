package io.latchkey.auth;

import io.latchkey.accounts.control.Passwords;
import io.latchkey.accounts.control.UserStore;
import io.latchkey.accounts.entity.Role;
import io.latchkey.accounts.entity.User;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Users signing in with email and password. An unknown email, a wrong password and a deactivated user
 * look the same to the caller and cost the same time.
 */
@ApplicationScoped
public class PasswordIdentityStore implements IdentityStore {

    @Inject
    UserStore users;

    @Inject
    Passwords passwords;

    public CredentialValidationResult validate(UsernamePasswordCredential credential) {
        String password = credential.getPasswordAsString();
        Optional<User> found = users.byEmail(credential.getCaller());
        if (found.isEmpty()) {
            passwords.verifyDecoy(password);
            return CredentialValidationResult.INVALID_RESULT;
        }
        User user = found.get();
        if (!passwords.verify(password, user.passwordHash()) || !user.isActive()) {
            return CredentialValidationResult.INVALID_RESULT;
        }
        return new CredentialValidationResult(new LatchkeyPrincipal(Caller.byPassword(user.id(), user.organization().id())),
                user.roles().stream().map(Role::wireName).collect(Collectors.toSet()));
    }

    /** A console session: still valid while its user exists and is active; roles as they are now. */
    public CredentialValidationResult validate(SessionCredential credential) {
        Optional<User> found = users.byId(credential.userId());
        if (found.isEmpty() || !found.get().isActive()) {
            return CredentialValidationResult.INVALID_RESULT;
        }
        User user = found.get();
        return new CredentialValidationResult(new LatchkeyPrincipal(Caller.bySession(user.id(), user.organization().id())),
                user.roles().stream().map(Role::wireName).collect(Collectors.toSet()));
    }
}
