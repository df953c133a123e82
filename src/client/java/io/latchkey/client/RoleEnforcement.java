package io.latchkey.client;

import jakarta.annotation.Priority;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.FeatureContext;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.ext.Provider;
import java.lang.reflect.AnnotatedElement;
import java.util.Arrays;
import java.util.List;

/**
 * {@code @RolesAllowed}, {@code @DenyAll} and {@code @PermitAll} on the application's JAX-RS resources, enforced from
 * the container's {@link SecurityContext} on every server (not every JAX-RS runtime does it for CDI resources by
 * itself): no caller 401 {@code authentication_required}, a caller without the role 403 {@code insufficient_scope}.
 * Method annotations win over class annotations. Where the runtime enforces them as well, this runs first and both agree.
 */
@Provider
public class RoleEnforcement implements DynamicFeature {

    @Override
    public void configure(ResourceInfo resource, FeatureContext context) {
        AnnotatedElement method = resource.getResourceMethod();
        AnnotatedElement source = hasRule(method) ? method : resource.getResourceClass();
        if (source.isAnnotationPresent(DenyAll.class)) {
            context.register(new Check(List.of()));
        } else if (source.isAnnotationPresent(RolesAllowed.class)) {
            context.register(new Check(Arrays.asList(source.getAnnotation(RolesAllowed.class).value())));
        }
    }

    private static boolean hasRule(AnnotatedElement element) {
        return element.isAnnotationPresent(DenyAll.class) || element.isAnnotationPresent(RolesAllowed.class)
                || element.isAnnotationPresent(PermitAll.class);
    }

    /** Just before the runtime's own check (Jersey's answers an HTML page), so that the refusal is the same everywhere. */
    @Priority(Priorities.AUTHORIZATION - 1)
    static final class Check implements ContainerRequestFilter {

        private final List<String> roles;

        Check(List<String> roles) {
            this.roles = roles;
        }

        @Override
        public void filter(ContainerRequestContext request) {
            SecurityContext security = request.getSecurityContext();
            if (security.getUserPrincipal() == null) {
                request.abortWith(refusal(401, "authentication_required",
                        "Authenticate with Authorization: Bearer <key> or X-API-Key: <key>")
                        .header("WWW-Authenticate", "Bearer realm=\"latchkey\"").build());
            } else if (roles.stream().noneMatch(security::isUserInRole)) {
                request.abortWith(refusal(403, "insufficient_scope", "This needs one of: " + String.join(", ", roles)).build());
            }
        }

        private static Response.ResponseBuilder refusal(int status, String code, String detail) {
            return Response.status(status).type("application/problem+json").entity(Problems.of(status, code, detail).toString());
        }
    }
}
