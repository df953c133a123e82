package io.latchkey.auth;

import io.latchkey.audit.entity.Actor;
import io.latchkey.problems.ProblemException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;

/** Gives resources the authenticated {@link Caller}; role checks have already run when they ask. */
@RequestScoped
public class CurrentCaller {

    @Inject
    HttpServletRequest request;

    @Inject
    ClientAddress clients;

    /** The caller as the audit trail records it: who, from where, with which credential. */
    public Actor actor() {
        Caller caller = get();
        return new Actor(caller.userId(), clients.of(request), request.getHeader("User-Agent"),
                caller.method().wireName(), caller.keyId());
    }

    public Caller get() {
        Caller caller = Caller.of(request);
        if (caller == null) {
            throw ProblemException.unauthorized("authentication_required", "Authenticate with an API key or a password");
        }
        return caller;
    }
}
