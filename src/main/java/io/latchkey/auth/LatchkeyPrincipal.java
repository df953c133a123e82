package io.latchkey.auth;

import jakarta.security.enterprise.CallerPrincipal;

/** The container's principal for a caller: named by user id, carrying how the caller authenticated. */
class LatchkeyPrincipal extends CallerPrincipal {

    private final transient Caller caller;

    LatchkeyPrincipal(Caller caller) {
        super(caller.userId());
        this.caller = caller;
    }

    Caller caller() {
        return caller;
    }
}
