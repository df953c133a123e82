package io.latchkey.auth;

import io.latchkey.accounts.entity.Role;
import io.latchkey.accounts.entity.User;
import io.latchkey.caller.Caller;
import jakarta.security.enterprise.CallerPrincipal;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import java.util.stream.Collectors;

/** The container's principal for a caller: named by user id, carrying how the caller authenticated. */
class LatchkeyPrincipal extends CallerPrincipal {

    private final transient Caller caller;
    private final String passwordStamp;
    private final String signInMethod;

    LatchkeyPrincipal(Caller caller) {
        this(caller, null, null);
    }

    /**
     * {@code passwordStamp}: a fingerprint of the password a console session was started with;
     * {@code signInMethod}: whose word it is ({@code password}: Latchkey's, {@code ldap}, {@code oidc}).
     */
    LatchkeyPrincipal(Caller caller, String passwordStamp, String signInMethod) {
        super(caller.userId());
        this.caller = caller;
        this.passwordStamp = passwordStamp;
        this.signInMethod = signInMethod;
    }

    /** A valid result for this user: the principal, and the user's roles as they are now as its groups. */
    static CredentialValidationResult valid(Caller caller, String passwordStamp, String signInMethod, User user) {
        return new CredentialValidationResult(new LatchkeyPrincipal(caller, passwordStamp, signInMethod),
                user.roles().stream().map(Role::wireName).collect(Collectors.toSet()));
    }

    String signInMethod() {
        return signInMethod;
    }

    String passwordStamp() {
        return passwordStamp;
    }

    Caller caller() {
        return caller;
    }
}
