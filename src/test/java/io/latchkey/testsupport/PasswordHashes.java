package io.latchkey.testsupport;

import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.security.enterprise.identitystore.Pbkdf2PasswordHash;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/**
 * Test deployments only: {@code PUT test-support/password-hash?email=&password=&iterations=} stores a
 * user's password hashed with fewer iterations (as an installation that raised the count later would
 * hold it); {@code GET test-support/password-hash?email=} tells the iterations of the stored hash.
 */
@Path("test-support/password-hash")
@RequestScoped
@PermitAll
public class PasswordHashes {

    @PersistenceContext(unitName = "latchkey")
    EntityManager em;

    @Inject
    Pbkdf2PasswordHash hash;

    @PUT
    @Transactional
    public Response weaken(@QueryParam("email") String email, @QueryParam("password") String password,
                           @QueryParam("iterations") int iterations) {
        hash.initialize(Map.of("Pbkdf2PasswordHash.Algorithm", "PBKDF2WithHmacSHA256",
                "Pbkdf2PasswordHash.Iterations", Integer.toString(iterations),
                "Pbkdf2PasswordHash.SaltSizeBytes", "32", "Pbkdf2PasswordHash.KeySizeBytes", "32"));
        int updated = em.createNativeQuery("update users set password_hash = ?1 where email = ?2")
                .setParameter(1, hash.generate(password.toCharArray()))
                .setParameter(2, email.toLowerCase())
                .executeUpdate();
        return Response.status(updated == 1 ? 204 : 404).build();
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Integer> iterations(@QueryParam("email") String email) {
        String stored = (String) em.createNativeQuery("select password_hash from users where email = ?1")
                .setParameter(1, email.toLowerCase()).getSingleResult();
        return Map.of("iterations", Integer.parseInt(stored.split(":")[1]));
    }
}
