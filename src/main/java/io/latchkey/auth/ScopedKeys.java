package io.latchkey.auth;

import io.latchkey.api.OpenToScopedKeys;
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

/**
 * A key that carries scopes is for the organization's services: on Latchkey's own API it reaches only the
 * resources marked {@link OpenToScopedKeys} (forward-auth, {@code /me}); anything else is 403
 * {@code key_scoped}, whatever its owner's roles. So a key made for one service's one action never manages
 * keys, users or policy, even when it leaks from that service.
 */
@Provider
@Priority(Priorities.AUTHORIZATION - 10)
public class ScopedKeys implements ContainerRequestFilter {

    @Context
    HttpServletRequest servletRequest;

    @Context
    ResourceInfo resource;

    @Override
    public void filter(ContainerRequestContext request) {
        Caller caller = Caller.of(servletRequest);
        if (caller == null || !caller.scoped() || resource.getResourceClass() == null
                || resource.getResourceClass().isAnnotationPresent(OpenToScopedKeys.class)) {
            return;
        }
        throw ProblemException.forbidden("key_scoped", "This API key carries scopes of your services; Latchkey's own"
                + " API takes a key without scopes");
    }
}
