package io.latchkey.keys.boundary;

import io.latchkey.api.ChangesNothing;
import io.latchkey.metrics.Metrics;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import io.latchkey.keys.control.KeyVerdict;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirementsSet;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code POST /api/v1/keys/verify}: a backend asks whether a key its client presented is good, and whose
 * it is. For admins and verifiers (service accounts that may do nothing else), and only about keys of
 * their own organization: any other key is {@code key_invalid}, as if it did not exist. A refused key is
 * an answer ({@code valid: false}), not a failed authentication of the caller, so it feeds no throttle;
 * a revoked or expired key of the organization is audited like its direct use, and a good one counts as
 * used. Read-only keys may call it: it changes nothing. A key limited to some networks is checked against
 * {@code client_ip}, the address the backend's own client connected from; without it such a key is
 * {@code address_not_allowed} (failing closed: the backend did not say where the key came from). A key whose
 * owner holds neither the admin nor the token-manager role any more (a demoted owner, a verifier's own key) is
 * {@code key_owner_role_missing}, as the management API refuses it. Asked for a {@code scope}, a key that does not
 * carry it is {@code insufficient_scope}; a good key's answer lists its {@code scopes}. A key over its rate limit
 * makes the answer a 429 {@code rate_limited} with {@code Retry-After} (the backend should refuse its client the
 * same way); a good key with a limit has the {@code RateLimit-*} headers. The rules are
 * {@link BackendKeyCheck}'s, shared with introspection.
 */
@Tag(name = "Backends")
@SecurityRequirementsSet(@SecurityRequirement(name = "bearer"))
@SecurityRequirementsSet(@SecurityRequirement(name = "apiKey"))
@SecurityRequirementsSet(@SecurityRequirement(name = "basic"))
@Path("keys/verify")
@RequestScoped
@RolesAllowed({"admin", "verifier"})
@Produces(MediaType.APPLICATION_JSON)
public class KeyVerification {

    @Inject
    BackendKeyCheck check;

    @Context
    HttpServletResponse response;

    @POST
    @ChangesNothing
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "verifyKey", summary = "Tells whether a key of the organization is usable now, and whose it is")
    @APIResponse(responseCode = "200", description = "The answer (also when the key is not valid)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = VerificationView.class)),
            extensions = @Extension(name = "x-latchkey-view", value = "io.latchkey.keys.boundary.VerificationView"))
    public VerificationView verify(KeyRequests.Verification body) {
        String client = body.clientIp() == null ? null : body.clientIp().strip();
        BackendKeyCheck.Answer answer = check.check(Metrics.CheckPath.VERIFY, body.key(), client, body.scope() == null ? List.of() : List.of(body.scope()));
        if (KeyVerdict.RATE_LIMITED.equals(answer.refusal())) {
            throw RateLimited.problem(answer.limit());
        }
        if (answer.limit() != null) {
            answer.limit().headers().forEach(response::setHeader);
        }
        return answer.valid() ? VerificationView.of(answer.verdict()) : VerificationView.refused(answer.refusal());
    }
}
