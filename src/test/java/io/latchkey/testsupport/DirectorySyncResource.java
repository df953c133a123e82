package io.latchkey.testsupport;

import io.latchkey.identity.boundary.DirectorySync;
import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * Test deployments only: {@code POST /api/v1/test-support/directory-sync/{slot}} does what the sync's timer
 * does for interval number {@code slot}; {@code ran} says whether this call ran it.
 */
@Path("test-support/directory-sync/{slot}")
@RequestScoped
@PermitAll
public class DirectorySyncResource {

    @Inject
    DirectorySync sync;

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public JsonObject runInterval(@PathParam("slot") long slot) {
        return Json.createObjectBuilder().add("ran", sync.runInterval(slot).isPresent()).build();
    }
}
