package io.latchkey.gateway.elytron;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Application;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.SecurityContext;

/**
 * A customer's own small JAX-RS application, protected by WildFly Elytron's token realm with Latchkey's RFC 7662
 * introspection: the roles are the key's scopes. Deployed beside Latchkey by {@code ElytronIntrospectionIT}.
 */
@ApplicationPath("api")
public class OrdersApp extends Application {

    @Path("orders")
    public static class Orders {

        @Context
        SecurityContext security;

        @GET
        @RolesAllowed("orders:read")
        public String list() {
            return "orders for " + security.getUserPrincipal().getName();
        }

        @POST
        @RolesAllowed("orders:write")
        public String place() {
            return "placed by " + security.getUserPrincipal().getName();
        }
    }
}
