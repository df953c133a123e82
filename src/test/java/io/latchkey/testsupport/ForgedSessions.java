package io.latchkey.testsupport;

import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.context.RequestScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Test deployments only: {@code POST test-support/forged-session?email=} writes into a new HTTP session
 * what a console sign-in of that user would (user id, password fingerprint, start, CSRF token), without
 * signing in: what a member of the data grid could write into a replicated session.
 */
@Path("test-support/forged-session")
@RequestScoped
@PermitAll
public class ForgedSessions {

    @PersistenceContext(unitName = "latchkey")
    EntityManager em;

    @Context
    HttpServletRequest request;

    @POST
    public Response forge(@QueryParam("email") String email) throws NoSuchAlgorithmException {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select id, password_hash from users where email = ?1")
                .setParameter(1, email.toLowerCase()).getResultList();
        if (rows.isEmpty()) {
            return Response.status(404).build();
        }
        String stamp = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(String.valueOf(rows.get(0)[1]).getBytes(StandardCharsets.UTF_8))).substring(0, 32);
        HttpSession session = request.getSession(true);
        session.setAttribute("latchkey.session.user", rows.get(0)[0]);
        session.setAttribute("latchkey.session.password", stamp);
        session.setAttribute("latchkey.session.csrf", "forged-csrf-token");
        session.setAttribute("latchkey.session.started", System.currentTimeMillis());
        return Response.noContent().build();
    }
}
