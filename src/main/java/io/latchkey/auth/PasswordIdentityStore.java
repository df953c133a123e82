package io.latchkey.auth;

import io.latchkey.caller.Caller;
import io.latchkey.accounts.control.Passwords;
import io.latchkey.accounts.control.UserStore;
import io.latchkey.accounts.control.Accounts.ExternalIdentity;
import io.latchkey.accounts.entity.IdentitySource;
import io.latchkey.identity.boundary.Admissions;
import io.latchkey.identity.control.Directory;
import io.latchkey.platform.Refusal;
import io.latchkey.platform.Sha256;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import io.latchkey.accounts.entity.User;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * Users signing in with email and password, and console sessions. A local user's password is Latchkey's;
 * a directory user's (and, with a directory configured, an unknown email's) is the directory's; a
 * provider's user has no password here. An unknown email, a wrong password and
 * a deactivated user look the same to the caller and cost the same time; a hash made with fewer
 * iterations than configured now is replaced at the next successful check, so that stays true after the
 * iteration count is raised.
 */
@ApplicationScoped
public class PasswordIdentityStore implements IdentityStore {

    private static final Logger LOG = Logger.getLogger(PasswordIdentityStore.class.getName());

    /** When the directory was last reported unreachable ({@link System#nanoTime}), 0 if never. */
    private volatile long lastOutageWarning;

    @Inject
    UserStore users;

    @Inject
    Passwords passwords;

    @Inject
    Directory directory;

    @Inject
    Admissions admissions;

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
        if (directory.isUsable()) {
            // the source alone, no entity: a directory user is loaded (and changed) only inside the admission's
            // transaction, so no copy older than it lingers in this request (some servers keep one per request)
            Optional<IdentitySource> source = users.sourceByEmail(credential.getCaller());
            if (source.map(s -> s == IdentitySource.LDAP).orElse(true)) {
                return validateInDirectory(credential.getCaller(), password, source.isPresent());
            }
        }
        Optional<User> found = users.byEmail(credential.getCaller()).filter(User::isLocal);
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
        return LatchkeyPrincipal.valid(Caller.byPassword(user.id(), user.organization().id()), stamp(hash), "password", user);
    }

    /**
     * A directory user's password (or an unknown email's, which may be a directory user's first sign-in):
     * checked by the directory, the user then let in with roles from their groups. A known directory user
     * while the directory cannot answer: a {@code BUSY} refusal (not counted as a failed attempt); an
     * unknown email then is simply not valid.
     */
    private CredentialValidationResult validateInDirectory(String email, String password, boolean known) {
        if (!known) {
            passwords.verifyDecoy(password); // an email Latchkey does not know costs what a wrong local password costs
        }
        Optional<ExternalIdentity> person;
        try {
            person = directory.authenticate(email, password);
        } catch (Directory.Unavailable e) {
            long now = System.nanoTime();
            long last = lastOutageWarning;
            boolean warn = last == 0 || now - last > TimeUnit.MINUTES.toNanos(1);
            if (warn) {
                lastOutageWarning = now;
            }
            // once a minute while it lasts: an outage must not flood the log with a line per sign-in
            LOG.log(warn ? Level.WARNING : Level.FINE, "A directory sign-in could not be checked: {0}", e.getMessage());
            if (known) {
                throw Refusal.busy("directory_unavailable", directory.displayName() + " cannot be reached; try again shortly");
            }
            return CredentialValidationResult.INVALID_RESULT;
        }
        if (person.isEmpty()) {
            if (known) {
                passwords.verifyDecoy(password); // a failure costs the same for every kind of account
            }
            return CredentialValidationResult.INVALID_RESULT;
        }
        User user;
        try {
            user = admissions.admit(person.get());
        } catch (Refusal refused) {
            LOG.log(Level.INFO, "A directory user was not let in: {0}", refused.code());
            return CredentialValidationResult.INVALID_RESULT;
        }
        return LatchkeyPrincipal.valid(Caller.byPassword(user.id(), user.organization().id()), stamp(user.passwordHash()), "ldap",
                user);
    }

    /** A fingerprint of the user's current password hash (not the hash itself), for console sessions. */
    static String stamp(String passwordHash) {
        return Sha256.hex(passwordHash).substring(0, 32);
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
        return LatchkeyPrincipal.valid(Caller.bySession(user.id(), user.organization().id()), null, null, user);
    }
}
