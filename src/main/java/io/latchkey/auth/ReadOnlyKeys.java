package io.latchkey.auth;

import io.latchkey.api.ChangesNothing;
import io.latchkey.caller.Caller;
import io.latchkey.problems.ProblemException;
import jakarta.annotation.Priority;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;
import java.util.Set;

/**
 * A read-only key may use GET, HEAD and OPTIONS only (and methods marked {@link ChangesNothing}); anything
 * else is 403 {@code read_only_key}. So may an old secret in the grace period of a regeneration, whatever
 * the key's access (403 {@code previous_secret_read_only}): it keeps the clients that have not switched yet
 * reading and checking keys, but it is the secret most likely to have leaked, so it never creates,
 * regenerates, edits or revokes a key, changes addresses, users or policies.
 */
@Provider
@Priority(Priorities.AUTHORIZATION + 10)
public class ReadOnlyKeys implements ContainerRequestFilter {

    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");

    @Context
    HttpServletRequest servletRequest;

    @Context
    ResourceInfo resource;

    @Override
    public void filter(ContainerRequestContext request) {
        Caller caller = Caller.of(servletRequest);
        if (caller == null || !caller.isKey() || SAFE.contains(request.getMethod())
                || resource.getResourceMethod() != null && resource.getResourceMethod().isAnnotationPresent(ChangesNothing.class)) {
            return;
        }
        if (caller.previousSecret()) {
            throw ProblemException.forbidden("previous_secret_read_only", "This is the key's previous secret, kept"
                    + " working for a while after a regeneration: it may only read; use the current secret for " + request.getMethod());
        }
        if (caller.isReadOnlyKey()) {
            throw refused(request.getMethod());
        }
    }

    /** The refusal of a read-only key for {@code method}. */
    public static ProblemException refused(String method) {
        return ProblemException.forbidden("read_only_key",
                "This API key is read-only; " + method + " needs a read-write key");
    }

    /** Whether a read-only key may use {@code method}. */
    public static boolean isSafe(String method) {
        return SAFE.contains(method);
    }
}
