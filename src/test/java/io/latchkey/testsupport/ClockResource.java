package io.latchkey.testsupport;

import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.time.Duration;

/** Test deployments only: {@code PUT /api/v1/test-support/clock?offset=P2D} moves the server's clock. */
@Path("test-support/clock")
@RequestScoped
@PermitAll
public class ClockResource {

    @PUT
    public Response move(@QueryParam("offset") String offset) {
        MovableClock.set(Duration.parse(offset));
        return Response.noContent().build();
    }
}
