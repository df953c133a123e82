package io.latchkey.leaks;

import io.latchkey.api.RequestBodies;
import io.latchkey.audit.entity.Actor;
import io.latchkey.auth.FailedAuthThrottle;
import io.latchkey.caller.ClientAddress;
import io.latchkey.keys.control.LeakReports;
import io.latchkey.keys.control.LeakReports.Leak;
import io.latchkey.platform.Refusal;
import io.latchkey.problems.ProblemException;
import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code POST /api/v1/leaks}: anyone who found a secret reports it here, GitHub's secret scanning
 * partner program, a CI job running gitleaks or trufflehog, a person. Unauthenticated: the
 * authentication mechanism ignores whatever credential comes along. The answer is always
 * {@code 202 {"received": n}}, whether any item matched; the work that a match causes (revocation,
 * audit, invalidation on every instance) happens before the answer, its mails after the commit on
 * another thread. Reports are counted per client address before the body is read (429 past the
 * failed-authentication limit).
 */
@Tag(name = "Leak reports")
@Path("leaks")
@RequestScoped
@PermitAll
@Produces(MediaType.APPLICATION_JSON)
public class LeaksResource {

    @Context
    HttpServletRequest request;

    @Inject
    ClientAddress clients;

    @Inject
    FailedAuthThrottle throttle;

    @Inject
    LeakReports reports;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional(dontRollbackOn = {Refusal.class, ProblemException.class}) // still rolled back: RefusalRollback
    @Operation(operationId = "reportLeaks", summary = "Reports leaked keys; every active one among them is revoked at once."
            + " The answer never says whether anything matched")
    @RequestBody(required = true, description = "GitHub's secret scanning partner body, or {\"keys\": [...]}; at most"
            + " 100 items and 16 KiB", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(ref = "LeakReport"),
            examples = {
                @ExampleObject(name = "github", summary = "GitHub secret scanning partner program",
                        value = "[{\"token\":\"lk_2fXk9QmV7bN1cR4tY8uW0zA3sD6gH5jKLp0q1e\",\"type\":\"latchkey_api_key\","
                                + "\"url\":\"https://github.com/octo/app/blob/abc123/.env#L3\",\"source\":\"content\"}]"),
                @ExampleObject(name = "keys", summary = "Keys only",
                        value = "{\"keys\":[\"lk_2fXk9QmV7bN1cR4tY8uW0zA3sD6gH5jKLp0q1e\"]}")}))
    @APIResponse(responseCode = "202", description = "Received; the same answer whatever matched",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = LeakReceipt.class)),
            extensions = @Extension(name = "x-latchkey-view", value = "io.latchkey.leaks.LeakReceipt"))
    @APIResponse(responseCode = "429", description = "Too many reports from this address (too_many_leak_reports, Retry-After)",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
    public Response report(InputStream body) throws IOException {
        String client = clients.of(request);
        throttle.leakReported(client).ifPresent(wait -> {
            throw tooManyReports(wait);
        });
        List<Leak> leaks = LeakReportBody.read(RequestBodies.readValue(body));
        reports.revoke(leaks, new Actor(null, client, request.getHeader("User-Agent"), null, null));
        return Response.accepted(new LeakReceipt(leaks.size())).type(MediaType.APPLICATION_JSON_TYPE).build();
    }

    private static ProblemException tooManyReports(Duration wait) {
        long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
        return new ProblemException(429, "too_many_leak_reports", "Too many requests",
                "Too many leak reports from your address; try again in " + seconds + " seconds", List.of(),
                Map.of("Retry-After", Long.toString(seconds)));
    }
}
