package io.latchkey.testsupport;

import io.latchkey.identity.boundary.ProviderRoleLapse;
import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Test deployments only: {@code POST /api/v1/test-support/provider-roles/lapse} lapses provider roles now. */
@Path("test-support/provider-roles/lapse")
@RequestScoped
@PermitAll
public class RoleLapseResource {

    @Inject
    ProviderRoleLapse lapse;

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public JsonObject lapse() {
        return Json.createObjectBuilder().add("lapsed", lapse.run()).build();
    }
}
