package io.latchkey.keys.boundary;

import io.latchkey.api.ChangesNothing;
import io.latchkey.problems.ProblemException;
import io.latchkey.metrics.Metrics;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirementsSet;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code POST /api/v1/introspect}: OAuth 2.0 Token Introspection (RFC 7662) of a Latchkey key, so that servers
 * that already speak it (WildFly Elytron's {@code oauth2-introspection}, Open Liberty's {@code openidConnectClient}
 * with an introspection endpoint, API gateways) accept Latchkey keys. The caller is a verifier or an admin of the
 * organization; introspection clients send it as HTTP Basic, {@code client_id:client_secret}, where the
 * secret is the verifier's API key (the client id is not checked; the key's id is a good choice). The answer
 * follows {@link BackendKeyCheck}'s rules like verify's, from the same in-memory check as forward-auth, so a
 * revocation is seen by the very next introspection; anything not good now is {@code {"active": false}} and
 * nothing else. {@code token_type_hint} is accepted and ignored (there is one kind of token). A key limited to
 * some networks is inactive here: an introspection does not say where the key's client connected from. A key over
 * its rate limit is inactive too (RFC 7662 has no other answer a client would understand), for the rest of the
 * minute.
 */
@Tag(name = "Introspection")
@SecurityRequirementsSet(@SecurityRequirement(name = "basic"))
@SecurityRequirementsSet(@SecurityRequirement(name = "bearer"))
@SecurityRequirementsSet(@SecurityRequirement(name = "apiKey"))
@Path("introspect")
@RequestScoped
@RolesAllowed({"admin", "verifier"})
@Produces(MediaType.APPLICATION_JSON)
public class Introspection {

    @Inject
    BackendKeyCheck check;

    @POST
    @ChangesNothing
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(operationId = "introspectKey", summary = "RFC 7662 introspection of a key of the organization")
    @APIResponse(responseCode = "200", description = "The answer, not enveloped (RFC 7662); {\"active\": false} for"
            + " anything not good now", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = IntrospectionView.class)))
    public Response introspect(@FormParam("token") String token, @FormParam("token_type_hint") String hint) {
        if (token == null || token.isBlank()) {
            throw ProblemException.invalid("token", "is required");
        }
        if (token.length() > 200) {
            throw ProblemException.invalid("token", "must be at most 200 characters");
        }
        BackendKeyCheck.Answer answer = check.check(Metrics.CheckPath.INTROSPECT, token.strip(), null, List.of());
        CacheControl noStore = new CacheControl();
        noStore.setNoStore(true);
        return Response.ok(answer.valid() ? IntrospectionView.of(answer.verdict()) : IntrospectionView.INACTIVE)
                .cacheControl(noStore).header("Pragma", "no-cache").build();
    }
}
