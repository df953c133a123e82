package io.latchkey.auth;

import io.latchkey.problems.ProblemException;
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
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.ext.Provider;
import java.lang.reflect.AnnotatedElement;
import java.util.Arrays;
import java.util.List;

/**
 * Enforces {@code @RolesAllowed} / {@code @DenyAll} / {@code @PermitAll} on resource methods from the
 * container's {@link SecurityContext}: no caller → 401 {@code authentication_required}, a caller
 * without the role → 403 {@code insufficient_role}. Method annotations win over class annotations.
 * Not every JAX-RS runtime enforces these on CDI resources by itself; this does so everywhere.
 */
@Provider
public class RoleEnforcement implements DynamicFeature {

    @Override
    public void configure(ResourceInfo resource, FeatureContext context) {
        AnnotatedElement method = resource.getResourceMethod();
        AnnotatedElement type = resource.getResourceClass();
        AnnotatedElement source = hasRule(method) ? method : type;
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

    @Priority(Priorities.AUTHORIZATION)
    static final class Check implements ContainerRequestFilter {

        private final List<String> roles;

        Check(List<String> roles) {
            this.roles = roles;
        }

        @Override
        public void filter(ContainerRequestContext request) {
            SecurityContext security = request.getSecurityContext();
            if (security.getUserPrincipal() == null) {
                throw ProblemException.unauthorized("authentication_required",
                        "Authenticate with Authorization: Bearer <key>, X-API-Key: <key> or Basic credentials");
            }
            if (roles.stream().noneMatch(security::isUserInRole)) {
                throw ProblemException.forbidden("insufficient_role",
                        "This needs one of the roles: " + String.join(", ", roles));
            }
        }
    }
}
