package io.latchkey.grid;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

/**
 * Test deployments only: {@code POST test-support/forged-acks?member=} makes this instance's grid answer
 * every invalidation it carries with acknowledgements "from" that member, as an intruder on the grid
 * would: one in the unsealed form, one with a seal made without the secret. {@code DELETE} stops it.
 */
@Path("test-support/forged-acks")
@ApplicationScoped
@PermitAll
public class ForgedAcks {

    private volatile GridTransport transport;

    @POST
    public synchronized Response start(@QueryParam("member") String member) {
        close();
        transport = Grids.open("payara/Hazelcast", Members.TOPIC, payload -> forge(payload, member)).orElse(null);
        return Response.status(transport == null ? 409 : 204).build();
    }

    @DELETE
    public Response stop() {
        close();
        return Response.noContent().build();
    }

    @PreDestroy
    synchronized void close() {
        if (transport != null) {
            transport.close();
            transport = null;
        }
    }

    private void forge(Object payload, String member) {
        GridTransport grid = transport;
        int at = payload instanceof String text ? text.indexOf(" inv ") : -1;
        if (grid == null || at < 0) {
            return;
        }
        String request = ((String) payload).substring(at + 5).split(" ", 2)[0];
        grid.publish("ack " + request + " " + member);
        grid.publish("forged-seal " + System.currentTimeMillis() + " ack " + request + " " + member);
    }
}
