package io.latchkey.testsupport;

import io.latchkey.keys.boundary.KeyUseRecorder;
import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.time.Instant;

/**
 * Test deployments only: {@code POST /api/v1/test-support/key-use?key_id=&at=&ip=} writes one flushed use of a
 * key, as an instance's batch would, so that a test can make an old use arrive after a newer one.
 */
@Path("test-support/key-use")
@RequestScoped
@PermitAll
public class KeyUseResource {

    @Inject
    KeyUseRecorder recorder;

    @POST
    public Response write(@QueryParam("key_id") String keyId, @QueryParam("at") String at, @QueryParam("ip") String ip) {
        recorder.write(keyId, Instant.parse(at), ip);
        return Response.noContent().build();
    }
}
