package io.latchkey.auth;

import io.latchkey.caller.Caller;
import jakarta.security.enterprise.CallerPrincipal;

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
