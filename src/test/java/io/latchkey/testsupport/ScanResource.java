package io.latchkey.testsupport;

import io.latchkey.notices.boundary.ExpiryScan;
import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Test deployments only: {@code POST /api/v1/test-support/notices/scan} runs one expiry scan now. */
@Path("test-support/notices/scan")
@RequestScoped
@PermitAll
public class ScanResource {

    @Inject
    ExpiryScan scan;

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public ExpiryScan.Outcome scan() {
        return scan.scan();
    }
}
