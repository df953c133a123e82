package io.latchkey.auth;

import io.latchkey.accounts.entity.Role;
import io.latchkey.caller.Caller;
import io.latchkey.keys.control.KeyVerdict;
import io.latchkey.metrics.Metrics;
import io.latchkey.problems.ProblemException;
import io.latchkey.problems.ProblemWriter;
import io.latchkey.problems.RequestIds;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

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
 *
 * <p>A servlet, not a JAX-RS resource: a gateway asks once per proxied request, and the JAX-RS runtime's own
 * work per request (routing, filters, injection) cost about half of each answer (see performance.md). Its
 * answers are those of the API all the same: problems through {@link ProblemWriter}, the request id and
 * {@code nosniff} on every answer, 405 {@code method_not_allowed} for anything but GET, HEAD and OPTIONS.
 * Its operation in the OpenAPI document is written in {@code META-INF/openapi.yaml}.
 */
@WebServlet(ForwardAuth.PATH)
public class ForwardAuth extends HttpServlet {

    static final String PATH = "/api/v1/auth/forward";
    static final String KEY_ID = "X-Latchkey-Key-Id";
    static final String USER_ID = "X-Latchkey-User-Id";
    static final String USER_EMAIL = "X-Latchkey-User-Email";
    static final String ORGANIZATION_ID = "X-Latchkey-Organization-Id";
    static final String ROLES = "X-Latchkey-Roles";
    static final String ACCESS = "X-Latchkey-Access";
    static final String SCOPES = "X-Latchkey-Scopes";
    static final String FORWARDED_METHOD = "X-Forwarded-Method";
    static final String ORIGINAL_METHOD = "X-Original-Method";
    private static final Pattern SCOPE = Pattern.compile("[a-z][a-z0-9_-]{0,39}:[a-z0-9][a-z0-9_.:-]{0,39}");
    private static final int MAX_REQUIRED_SCOPES = 20;
    private static final Pattern METHOD = Pattern.compile("[A-Z][A-Z-]{0,19}");
    private static final String ALLOWED = "GET, HEAD, OPTIONS";

    @Inject
    transient Metrics metrics;

    static ProblemException keyRequired() {
        return new ProblemException(401, "key_required", "Unauthorized",
                "Forward authentication takes an API key: Authorization: Bearer <key> or X-API-Key: <key>",
                List.of(), Map.of("WWW-Authenticate", "Bearer realm=\"latchkey\""));
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String requestId = RequestIds.of(request);
        response.setHeader(RequestIds.HEADER, requestId);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Cache-Control", "no-store");
        try {
            switch (request.getMethod()) {
                case "GET", "HEAD" -> forward(request, response);
                case "OPTIONS" -> {
                    response.setHeader("Allow", ALLOWED);
                    response.setStatus(HttpServletResponse.SC_NO_CONTENT);
                }
                default -> throw ProblemException.methodNotAllowed(request.getMethod(), Map.of("Allow", ALLOWED));
            }
        } catch (ProblemException problem) {
            ProblemWriter.write(response, problem, requestId);
        }
    }

    private void forward(HttpServletRequest request, HttpServletResponse response) {
        Caller caller = Caller.of(request);
        if (caller == null || caller.method() != Caller.Method.API_KEY
                || !(request.getAttribute(LatchkeyAuthenticationMechanism.VERDICT) instanceof KeyVerdict verdict)) {
            throw keyRequired();
        }
        if (!verdict.ownerMayUseKeys()) {
            throw refused(Metrics.CheckOutcome.OWNER_ROLE, ProblemException.forbidden(KeyVerdict.OWNER_ROLE_MISSING,
                    "The API key's owner holds neither the admin nor the token-manager role"));
        }
        List<String> methods = originalMethods(request);
        if (caller.isReadOnlyKey()) {
            if (methods.isEmpty()) {
                throw refused(Metrics.CheckOutcome.READ_ONLY, ProblemException.forbidden("original_method_unknown",
                        "This API key is read-only and the gateway did not say the request's method"
                                + " (X-Forwarded-Method or X-Original-Method)"));
            }
            methods.stream().filter(method -> !ReadOnlyKeys.isSafe(method)).findFirst().ifPresent(write -> {
                throw refused(Metrics.CheckOutcome.READ_ONLY, ReadOnlyKeys.refused(write));
            });
        }
        List<String> missing = verdict.missingScopes(requiredScopes(request.getParameterValues("scope")));
        if (!missing.isEmpty()) {
            throw refused(Metrics.CheckOutcome.SCOPE, insufficientScope(missing));
        }
        metrics.keyChecked(Metrics.CheckPath.FORWARD_AUTH, Metrics.CheckOutcome.VALID);
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentLength(0);
        response.setHeader(KEY_ID, verdict.keyId());
        response.setHeader(USER_ID, verdict.ownerId());
        response.setHeader(USER_EMAIL, verdict.ownerEmail());
        response.setHeader(ORGANIZATION_ID, verdict.organizationId());
        response.setHeader(ROLES, verdict.ownerRoles().stream().map(Role::wireName).sorted().collect(Collectors.joining(",")));
        response.setHeader(ACCESS, verdict.access().wireName());
        if (!verdict.scopes().isEmpty()) {
            response.setHeader(SCOPES, String.join(" ", new TreeSet<>(verdict.scopes())));
        }
    }

    private ProblemException refused(Metrics.CheckOutcome outcome, ProblemException problem) {
        metrics.keyChecked(Metrics.CheckPath.FORWARD_AUTH, outcome);
        return problem;
    }

    /**
     * Every method the request names, in either header and every occurrence of each. A gateway sets the
     * header it knows but passes the client's others on, so a client could add a harmless-looking one:
     * a read-only key passes only if all of them are reads.
     */
    private static List<String> originalMethods(HttpServletRequest request) {
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

    private static List<String> requiredScopes(String[] parameters) {
        if (parameters == null) {
            return List.of();
        }
        List<String> scopes = Arrays.stream(parameters).flatMap(value -> Arrays.stream(value.split(" ")))
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
