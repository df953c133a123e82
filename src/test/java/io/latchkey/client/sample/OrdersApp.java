package io.latchkey.client.sample;

import jakarta.annotation.security.DeclareRoles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.security.enterprise.SecurityContext;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Application;
import jakarta.ws.rs.core.MediaType;

/**
 * A customer's own small JAX-RS application with Latchkey's client JAR in {@code WEB-INF/lib} and nothing else of
 * Latchkey: {@code @RolesAllowed} names the scopes of an "orders" service, {@code me} asks Jakarta Security's
 * {@link SecurityContext}. Deployed beside Latchkey by {@code ClientJarIT}.
 */
@ApplicationPath("api")
@DeclareRoles({"orders:read", "orders:write", "latchkey:read_only", "latchkey:read_write"})
public class OrdersApp extends Application {

    @Path("orders")
    @RequestScoped
    @Produces(MediaType.APPLICATION_JSON)
    public static class Orders {

        @Inject
        SecurityContext security;

        @GET
        @RolesAllowed("orders:read")
        public JsonObject list() {
            return Json.createObjectBuilder().add("orders", Json.createArrayBuilder()).build();
        }

        @POST
        @RolesAllowed("orders:write")
        public JsonObject place() {
            return Json.createObjectBuilder().add("placed_by", security.getCallerPrincipal().getName()).build();
        }

        @GET
        @Path("me")
        @RolesAllowed({"latchkey:read_only", "latchkey:read_write"})
        public JsonObject me() {
            return Json.createObjectBuilder().add("name", security.getCallerPrincipal().getName())
                    .add("writes_orders", security.isCallerInRole("orders:write"))
                    .add("read_write", security.isCallerInRole("latchkey:read_write")).build();
        }
    }

    /** Open to anyone: a request without a key goes on unauthenticated. */
    @Path("status")
    @RequestScoped
    public static class Status {

        @GET
        public String up() {
            return "up";
        }
    }
}
