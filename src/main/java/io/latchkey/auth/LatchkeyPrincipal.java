package io.latchkey.auth;

import io.latchkey.caller.Caller;
import jakarta.security.enterprise.CallerPrincipal;

/** The container's principal for a caller: named by user id, carrying how the caller authenticated. */
class LatchkeyPrincipal extends CallerPrincipal {

    private final transient Caller caller;
    private final String passwordStamp;

    LatchkeyPrincipal(Caller caller) {
        this(caller, null);
    }

    /** {@code passwordStamp}: a fingerprint of the password a console session was started with. */
    LatchkeyPrincipal(Caller caller, String passwordStamp) {
        super(caller.userId());
        this.caller = caller;
        this.passwordStamp = passwordStamp;
    }

    String passwordStamp() {
        return passwordStamp;
    }

    Caller caller() {
        return caller;
    }
}
