package io.latchkey.testsupport;

import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** Test deployments only: what {@link SqlStatementListener} counted, per probe name. */
@Path("test-support/sql")
@RequestScoped
@PermitAll
public class SqlStatementsResource {

    /** The statements themselves, as EclipseLink sent them: {@code [{"sql", "parameters": [{value, type}]}]}. */
    @GET
    @Path("statements")
    @Produces(MediaType.APPLICATION_JSON)
    public List<Map<String, Object>> statements(@QueryParam("probe") String probe) {
        return SqlStatements.TEXTS.getOrDefault(probe, List.of());
    }

    /** {@code {"statements": n, "writes": m}}, or 404 when no request with this probe name was seen. */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Integer> count(@QueryParam("probe") String probe) {
        AtomicInteger count = SqlStatements.COUNTS.get(probe);
        if (count == null) {
            throw new NotFoundException();
        }
        return Map.of("statements", count.get(), "writes", SqlStatements.WRITES.getOrDefault(probe, new AtomicInteger()).get());
    }
}
