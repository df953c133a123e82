package io.latchkey.auth;

import io.latchkey.accounts.entity.Role;
import io.latchkey.api.OpenToScopedKeys;
import io.latchkey.caller.Caller;
import io.latchkey.keys.control.KeyVerdict;
import io.latchkey.problems.ProblemException;
import io.latchkey.metrics.Metrics;
import jakarta.inject.Inject;
import jakarta.enterprise.context.RequestScoped;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirementsSet;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code GET|HEAD /api/v1/auth/forward}: Latchkey's keys in front of other services, for gateways that ask
 * a URL before they let a request through (nginx {@code auth_request}, Traefik {@code ForwardAuth}, Envoy
 * {@code ext_authz} in HTTP mode, Caddy {@code forward_auth}).
 *
 * <p>The key was checked by the authentication mechanism like on every endpoint (so failures are the usual
 * 401/429 problems, and dead keys are audited). Only keys are accepted here: a password would be a PBKDF2
 * check per proxied request, and a console session is not for services. The original request's method
 * comes from {@code X-Forwarded-Method} or {@code X-Original-Method}; a read-only key is let through only
 * when every method named there is GET, HEAD or OPTIONS, and — failing closed — not at all when the
 * gateway does not say the method. A password is refused before it is checked (see the mechanism). A key
 * whose owner holds neither the admin nor the token-manager role (demoted, or a verifier) is 403
 * {@code key_owner_role_missing}.
 *
 * <p>A route may need scopes: the gateway names them in the URL it asks ({@code ?scope=orders:write}, repeated
 * or space-separated for several, all needed). A key without one of them is 403 {@code insufficient_scope} with
 * {@code WWW-Authenticate: Bearer error="insufficient_scope", scope="..."} (RFC 6750); a 200 names the key's
 * scopes in {@code X-Latchkey-Scopes}, space-separated. The scope is read from the URL the gateway configures,
 * never from the client's headers, which a gateway passes on.
 */
@Tag(name = "Gateways")
@SecurityRequirementsSet(@SecurityRequirement(name = "bearer"))
@SecurityRequirementsSet(@SecurityRequirement(name = "apiKey"))
@Path("auth/forward")
@OpenToScopedKeys
@RequestScoped
public class ForwardAuthResource {

    static final String KEY_ID = "X-Latchkey-Key-Id";
    static final String USER_ID = "X-Latchkey-User-Id";
    static final String USER_EMAIL = "X-Latchkey-User-Email";
    static final String ORGANIZATION_ID = "X-Latchkey-Organization-Id";
    static final String ROLES = "X-Latchkey-Roles";
    static final String ACCESS = "X-Latchkey-Access";
    static final String SCOPES = "X-Latchkey-Scopes";
    private static final Pattern SCOPE = Pattern.compile("[a-z][a-z0-9_-]{0,39}:[a-z0-9][a-z0-9_.:-]{0,39}");
    private static final int MAX_REQUIRED_SCOPES = 20;
    private static final Pattern METHOD = Pattern.compile("[A-Z][A-Z-]{0,19}");

    static final String FORWARDED_METHOD = "X-Forwarded-Method";
    static final String ORIGINAL_METHOD = "X-Original-Method";

    @Context
    HttpServletRequest request;

    @Inject
    Metrics metrics;

    static ProblemException keyRequired() {
        return new ProblemException(401, "key_required", "Unauthorized",
                "Forward authentication takes an API key: Authorization: Bearer <key> or X-API-Key: <key>",
                List.of(), Map.of("WWW-Authenticate", "Bearer realm=\"latchkey\""));
    }

    /**
     * Every method the request names, in either header and every occurrence of each. A gateway sets the
     * header it knows but passes the client's others on, so a client could add a harmless-looking one:
     * a read-only key passes only if all of them are reads.
     */
    private List<String> originalMethods() {
        List<String> methods = new ArrayList<>();
        for (String header : List.of(FORWARDED_METHOD, ORIGINAL_METHOD)) {
            for (String value : Collections.list(request.getHeaders(header))) {
                String method = value.strip();
                if (!METHOD.matcher(method).matches()) {
                    throw ProblemException.invalid(header, "must be an HTTP method name such as GET or POST");
                }
                methods.add(method);
            }
        }
        return methods;
    }

    @GET
    @Operation(operationId = "forwardAuth", summary = "Checks a key for a gateway; 200 with identity headers when it may pass")
    @APIResponse(responseCode = "200", description = "The key may pass; identity in the X-Latchkey-* headers (empty body)")
    public Response forward(
            @Parameter(in = ParameterIn.HEADER, description = "The original request's method (Traefik, Caddy)")
            @HeaderParam(FORWARDED_METHOD) String forwardedMethod,
            @Parameter(in = ParameterIn.HEADER, description = "The original request's method (nginx: $request_method)")
            @HeaderParam(ORIGINAL_METHOD) String originalMethod,
            @Parameter(description = "Scopes the route needs, repeated or space-separated: the key must carry all of them")
            @QueryParam("scope") List<String> scope) {
        Caller caller = Caller.of(request);
        if (caller == null || caller.method() != Caller.Method.API_KEY
                || !(request.getAttribute(LatchkeyAuthenticationMechanism.VERDICT) instanceof KeyVerdict verdict)) {
            throw keyRequired();
        }
        if (!verdict.ownerMayUseKeys()) {
            metrics.keyChecked(Metrics.CheckPath.FORWARD_AUTH, Metrics.CheckOutcome.OWNER_ROLE);
            throw ProblemException.forbidden(KeyVerdict.OWNER_ROLE_MISSING,
                    "The API key's owner holds neither the admin nor the token-manager role");
        }
        List<String> methods = originalMethods();
        if (caller.isReadOnlyKey()) {
            if (methods.isEmpty()) {
                metrics.keyChecked(Metrics.CheckPath.FORWARD_AUTH, Metrics.CheckOutcome.READ_ONLY);
                throw ProblemException.forbidden("original_method_unknown",
                        "This API key is read-only and the gateway did not say the request's method"
                                + " (X-Forwarded-Method or X-Original-Method)");
            }
            methods.stream().filter(method -> !ReadOnlyKeys.isSafe(method)).findFirst().ifPresent(write -> {
                metrics.keyChecked(Metrics.CheckPath.FORWARD_AUTH, Metrics.CheckOutcome.READ_ONLY);
                throw ReadOnlyKeys.refused(write);
            });
        }
        List<String> missing = verdict.missingScopes(requiredScopes(scope));
        if (!missing.isEmpty()) {
            metrics.keyChecked(Metrics.CheckPath.FORWARD_AUTH, Metrics.CheckOutcome.SCOPE);
            throw insufficientScope(missing);
        }
        metrics.keyChecked(Metrics.CheckPath.FORWARD_AUTH, Metrics.CheckOutcome.VALID);
        CacheControl noStore = new CacheControl();
        noStore.setNoStore(true);
        return Response.ok()
                .cacheControl(noStore)
                .header(KEY_ID, verdict.keyId())
                .header(USER_ID, verdict.ownerId())
                .header(USER_EMAIL, verdict.ownerEmail())
                .header(ORGANIZATION_ID, verdict.organizationId())
                .header(ROLES, verdict.ownerRoles().stream().map(Role::wireName).sorted().collect(Collectors.joining(",")))
                .header(ACCESS, verdict.access().wireName())
                .header(SCOPES, verdict.scopes().isEmpty() ? null : String.join(" ", new java.util.TreeSet<>(verdict.scopes())))
                .build();
    }

    private static List<String> requiredScopes(List<String> parameters) {
        List<String> scopes = parameters.stream().flatMap(value -> java.util.Arrays.stream(value.split(" ")))
                .filter(s -> !s.isEmpty()).toList();
        if (scopes.size() > MAX_REQUIRED_SCOPES || scopes.stream().anyMatch(s -> !SCOPE.matcher(s).matches())) {
            throw ProblemException.invalid("scope", "must be at most " + MAX_REQUIRED_SCOPES
                    + " scopes such as orders:write, space-separated or repeated");
        }
        return scopes;
    }

    /** RFC 6750's answer to a key that lacks what the route needs; names only the scopes needed. */
    private static ProblemException insufficientScope(List<String> missing) {
        String scopes = String.join(" ", missing);
        return new ProblemException(403, KeyVerdict.INSUFFICIENT_SCOPE, "Forbidden",
                "The API key does not carry the scope this route needs: " + scopes, List.of(),
                Map.of("WWW-Authenticate", "Bearer realm=\"latchkey\", error=\"insufficient_scope\", scope=\"" + scopes + "\""));
    }
}
