package io.latchkey.testsupport;

import io.latchkey.platform.Refusal;
import io.latchkey.problems.ProblemException;
import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.context.RequestScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

/**
 * Test deployments only: {@code PUT test-support/refused-rename?email=&name=} renames the user, then refuses
 * (409), as a rule found broken half-way through a change would. Declared as the boundaries declare their
 * transactions, so that a test can see the rename undone.
 */
@Path("test-support/refused-rename")
@RequestScoped
@PermitAll
public class RefusedRename {

    @PersistenceContext(unitName = "latchkey")
    EntityManager em;

    @PUT
    @Transactional(dontRollbackOn = {Refusal.class, ProblemException.class})
    public Response rename(@QueryParam("email") String email, @QueryParam("name") String name) {
        int renamed = em.createNativeQuery("update users set name = ?1 where email = ?2")
                .setParameter(1, name)
                .setParameter(2, email.toLowerCase())
                .executeUpdate();
        if (renamed != 1) {
            return Response.status(404).build();
        }
        throw Refusal.conflict("refused_after_a_change", "Refused after renaming " + email);
    }
}
