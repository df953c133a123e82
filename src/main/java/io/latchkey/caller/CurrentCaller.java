package io.latchkey.caller;

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

    /** The address of the client behind the request (see {@link ClientAddress}). */
    public String clientIp() {
        return clients.of(request);
    }

    public String userAgent() {
        return request.getHeader("User-Agent");
    }

    public Caller get() {
        Caller caller = Caller.of(request);
        if (caller == null) {
            throw ProblemException.unauthorized("authentication_required", "Authenticate with an API key or a password");
        }
        return caller;
    }
}
