package io.latchkey.auth;

import io.latchkey.caller.Caller;
import io.latchkey.accounts.control.Passwords;
import io.latchkey.accounts.control.UserStore;
import io.latchkey.accounts.entity.Role;
import io.latchkey.accounts.entity.User;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Users signing in with email and password, and console sessions. An unknown email, a wrong password and
 * a deactivated user look the same to the caller and cost the same time; a hash made with fewer
 * iterations than configured now is replaced at the next successful check, so that stays true after the
 * iteration count is raised.
 */
@ApplicationScoped
public class PasswordIdentityStore implements IdentityStore {

    @Inject
    UserStore users;

    @Inject
    Passwords passwords;

    /** Dispatches explicitly: the default implementation finds the overload by reflection. */
    @Override
    public CredentialValidationResult validate(Credential credential) {
        if (credential instanceof UsernamePasswordCredential password) {
            return validate(password);
        }
        if (credential instanceof SessionCredential session) {
            return validate(session);
        }
        return CredentialValidationResult.NOT_VALIDATED_RESULT;
    }

    private CredentialValidationResult validate(UsernamePasswordCredential credential) {
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
        String hash = user.passwordHash();
        if (passwords.needsRehash(hash)) {
            hash = passwords.hash(password);
            users.upgradePasswordHash(user.id(), user.passwordHash(), hash);
        }
        return new CredentialValidationResult(new LatchkeyPrincipal(Caller.byPassword(user.id(), user.organization().id()),
                stamp(hash)), user.roles().stream().map(Role::wireName).collect(Collectors.toSet()));
    }

    /** A fingerprint of the user's current password hash (not the hash itself), for console sessions. */
    static String stamp(String passwordHash) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(passwordHash.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
        }
    }

    /** A console session: valid while its user exists, is active and has the same password; roles as they are now. */
    private CredentialValidationResult validate(SessionCredential credential) {
        Optional<User> found = users.byId(credential.userId());
        if (found.isEmpty() || !found.get().isActive()
                || !MessageDigest.isEqual(stamp(found.get().passwordHash()).getBytes(StandardCharsets.UTF_8),
                        String.valueOf(credential.passwordStamp()).getBytes(StandardCharsets.UTF_8))) {
            return CredentialValidationResult.INVALID_RESULT;
        }
        User user = found.get();
        return new CredentialValidationResult(new LatchkeyPrincipal(Caller.bySession(user.id(), user.organization().id())),
                user.roles().stream().map(Role::wireName).collect(Collectors.toSet()));
    }
}
