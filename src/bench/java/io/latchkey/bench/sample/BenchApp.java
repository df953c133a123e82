package io.latchkey.bench.sample;

import jakarta.annotation.security.DeclareRoles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStoreHandler;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Application;
import jakarta.ws.rs.core.MediaType;
import java.util.Arrays;

/**
 * The benchmark's customer application: {@code orders} needs the scope {@code orders:read} (with the client JAR in
 * {@code WEB-INF/lib}), {@code catalog} answers the same without authentication (deployed again without the JAR, as the
 * application with no authentication at all), and {@code check-timings} times the JAR's in-process check on its own.
 */
@ApplicationPath("api")
@DeclareRoles("orders:read")
public class BenchApp extends Application {

    static JsonObject orders() {
        return Json.createObjectBuilder().add("orders", Json.createArrayBuilder()).build();
    }

    @Path("orders")
    @RequestScoped
    @Produces(MediaType.APPLICATION_JSON)
    public static class Orders {

        @GET
        @RolesAllowed("orders:read")
        public JsonObject list() {
            return orders();
        }
    }

    @Path("catalog")
    @RequestScoped
    @Produces(MediaType.APPLICATION_JSON)
    public static class Catalog {

        @GET
        public JsonObject list() {
            return orders();
        }
    }

    /**
     * {@code n} checks of the key in {@code X-Bench-Key} through the container's {@link IdentityStoreHandler}, as the
     * mechanism makes them, each timed: {@code {valid, n, p50_ns, p99_ns, max_ns}}. The credential is made by
     * reflection because the benchmark is compiled without the client's classes, which it finds in the WAR.
     */
    @Path("check-timings")
    @RequestScoped
    @Produces(MediaType.APPLICATION_JSON)
    public static class CheckTimings {

        @Inject
        IdentityStoreHandler identities;

        @GET
        public JsonObject time(@HeaderParam("X-Bench-Key") String key, @QueryParam("n") int n) throws ReflectiveOperationException {
            Credential credential = (Credential) Class.forName("io.latchkey.client.LatchkeyKeyCredential")
                    .getConstructor(String.class, String.class).newInstance(key, "127.0.0.1");
            long[] nanos = new long[n];
            boolean valid = true;
            for (int i = 0; i < n; i++) {
                long start = System.nanoTime();
                CredentialValidationResult result = identities.validate(credential);
                nanos[i] = System.nanoTime() - start;
                valid &= result.getStatus() == CredentialValidationResult.Status.VALID;
            }
            Arrays.sort(nanos);
            return Json.createObjectBuilder().add("valid", valid).add("n", n).add("p50_ns", nanos[n / 2])
                    .add("p99_ns", nanos[(int) Math.min(n - 1, Math.ceil(n * 0.99) - 1)]).add("max_ns", nanos[n - 1]).build();
        }
    }
}
