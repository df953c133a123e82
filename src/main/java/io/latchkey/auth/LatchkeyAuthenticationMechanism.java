package io.latchkey.auth;

import io.latchkey.api.JsonConfiguration;
import io.latchkey.api.RequestIds;
import io.latchkey.problems.Problem;
import io.latchkey.problems.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStoreHandler;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.net.URLDecoder;
import java.time.Duration;
import io.latchkey.keys.control.SecretCodec;

/**
 * Reads the credential of every request and lets the identity stores judge it.
 *
 * <p>No credential: nothing to do (anonymous; protected resources answer 401 themselves). A credential
 * that fails: 401 with a problem body and {@code WWW-Authenticate}, written here because the container
 * would otherwise send its own error page.
 */
@ApplicationScoped
public class LatchkeyAuthenticationMechanism implements HttpAuthenticationMechanism {

    static final String EXPIRES_HEADER = "Latchkey-Key-Expires-At";
    /** Request attribute: why a console sign-in was refused (a {@link ProblemException}). */
    public static final String SIGN_IN_PROBLEM = "latchkey.signInProblem";
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");
    private static final Set<String> KEY_PARAMETERS = Set.of("api_key", "apikey", "api-key", "x-api-key", "access_token");

    @Inject
    IdentityStoreHandler identityStores;

    @Inject
    KeyUseRecorder keyUse;

    @Inject
    ClientAddress clients;

    @Inject
    FailedAuthThrottle throttle;

    @Inject
    SecretCodec codec;

    @Inject
    Clock clock;

    @Override
    public AuthenticationStatus validateRequest(HttpServletRequest request, HttpServletResponse response,
                                                HttpMessageContext context) {
        if (keyInQuery(request.getQueryString())) {
            return fail(request, response, ProblemException.badRequest("key_in_query",
                    "API keys are accepted only in the Authorization or X-API-Key header, never in a URL;"
                            + " URLs end up in logs, so revoke a key that was sent this way"));
        }
        if (context.isAuthenticationRequest()
                && context.getAuthParameters().getCredential() instanceof UsernamePasswordCredential signIn) {
            return signIn(request, response, context, signIn);
        }
        if (request.getHeader("Authorization") == null && request.getHeader("X-API-Key") == null) {
            return continueSession(request, response, context);
        }
        String client = clients.of(request);
        Optional<Duration> wait = throttle.blocked(client);
        if (wait.isPresent()) {
            return fail(request, response, tooManyAttempts(wait.get()));
        }
        Credential credential;
        try {
            credential = credentialOf(request);
        } catch (ProblemException problem) {
            throttle.recordFailure(client);
            return fail(request, response, problem);
        }
        boolean password = credential instanceof UsernamePasswordCredential;
        if (password) {
            wait = throttle.attempt(client);
            if (wait.isPresent()) {
                return fail(request, response, tooManyAttempts(wait.get()));
            }
        }
        CredentialValidationResult result = identityStores.validate(credential);
        if (result.getStatus() != CredentialValidationResult.Status.VALID
                || !(result.getCallerPrincipal() instanceof LatchkeyPrincipal principal)) {
            if (!password) {
                throttle.recordFailure(client);
            }
            if (credential instanceof ApiKeyCredential key && key.rejectedKeyId() != null) {
                keyUse.recordRejected(key.rejectedKeyOrganizationId(), key.rejectedKeyId(),
                        key.rejection().equals("key_revoked") ? "revoked_key_used" : "expired_key_used",
                        client, request.getHeader("User-Agent"), clock.instant());
            }
            return fail(request, response, rejection(credential));
        }
        if (password) {
            throttle.succeeded(client);
        }
        Caller caller = principal.caller();
        request.setAttribute(Caller.ATTRIBUTE, caller);
        if (caller.method() == Caller.Method.API_KEY) {
            response.setHeader(EXPIRES_HEADER, caller.keyExpiresAt().toString());
            keyUse.record(caller.keyId(), clock.instant(), client);
        }
        return context.notifyContainerAboutLogin(result);
    }

    /**
     * Console sign-in ({@code SecurityContext.authenticate} from the session resource): checks the
     * password like Basic does, under the same throttle, and starts a session. A refusal is left for
     * the resource to answer, as a request attribute.
     */
    private AuthenticationStatus signIn(HttpServletRequest request, HttpServletResponse response,
                                        HttpMessageContext context, UsernamePasswordCredential credential) {
        String client = clients.of(request);
        Optional<Duration> wait = throttle.attempt(client);
        if (wait.isPresent()) {
            request.setAttribute(SIGN_IN_PROBLEM, tooManyAttempts(wait.get()));
            return AuthenticationStatus.SEND_FAILURE;
        }
        CredentialValidationResult result = identityStores.validate(credential);
        if (result.getStatus() != CredentialValidationResult.Status.VALID
                || !(result.getCallerPrincipal() instanceof LatchkeyPrincipal principal)) {
            request.setAttribute(SIGN_IN_PROBLEM, rejection(credential));
            return AuthenticationStatus.SEND_FAILURE;
        }
        throttle.succeeded(client);
        ConsoleSessions.start(request, response, principal.caller().userId(), principal.passwordStamp());
        request.setAttribute(Caller.ATTRIBUTE, Caller.bySession(principal.caller().userId(), principal.caller().organizationId()));
        return context.notifyContainerAboutLogin(result);
    }

    /**
     * A request with neither header: anonymous, unless it carries a console session. The session's user
     * is checked again (deactivation ends the session at once) and changes need the CSRF token.
     */
    private AuthenticationStatus continueSession(HttpServletRequest request, HttpServletResponse response,
                                                 HttpMessageContext context) {
        Optional<SessionCredential> session = ConsoleSessions.credentialOf(request);
        if (session.isEmpty()) {
            return context.doNothing();
        }
        CredentialValidationResult result = identityStores.validate(session.get());
        if (result.getStatus() != CredentialValidationResult.Status.VALID
                || !(result.getCallerPrincipal() instanceof LatchkeyPrincipal principal)) {
            ConsoleSessions.end(request);
            return context.doNothing();
        }
        if (!SAFE_METHODS.contains(request.getMethod()) && !ConsoleSessions.csrfMatches(request)) {
            return fail(request, response, ProblemException.forbidden("csrf_token_invalid",
                    "Changes made with the console session need the X-CSRF-Token header of the session"));
        }
        request.setAttribute(Caller.ATTRIBUTE, principal.caller());
        return context.notifyContainerAboutLogin(result);
    }

    private static ProblemException tooManyAttempts(Duration wait) {
        long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
        return new ProblemException(429, "too_many_failed_attempts", "Too many requests",
                "Too many failed authentications from your address; try again in " + seconds + " seconds",
                List.of(), Map.of("Retry-After", Long.toString(seconds)));
    }

    /** Whether the query string carries something that looks like a key, or a parameter meant for one. */
    private boolean keyInQuery(String query) {
        if (query == null || query.isEmpty()) {
            return false;
        }
        String decoded;
        try {
            decoded = URLDecoder.decode(query, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            decoded = query;
        }
        if (codec.looksLikeKey(decoded)) {
            return true;
        }
        for (String parameter : decoded.split("&")) {
            String name = parameter.split("=", 2)[0].toLowerCase(Locale.ROOT);
            if (KEY_PARAMETERS.contains(name)) {
                return true;
            }
        }
        return false;
    }

    private static Credential credentialOf(HttpServletRequest request) {
        String authorization = request.getHeader("Authorization");
        String apiKey = request.getHeader("X-API-Key");
        if (authorization == null && apiKey == null) {
            return null;
        }
        if (authorization != null && apiKey != null) {
            throw ProblemException.unauthorized("ambiguous_credentials",
                    "Send either an Authorization header or an X-API-Key header, not both");
        }
        if (apiKey != null) {
            return new ApiKeyCredential(apiKey.trim());
        }
        int space = authorization.indexOf(' ');
        String scheme = space < 0 ? authorization : authorization.substring(0, space);
        String value = space < 0 ? "" : authorization.substring(space + 1).trim();
        return switch (scheme.toLowerCase(Locale.ROOT)) {
            case "bearer" -> new ApiKeyCredential(value);
            case "basic" -> basic(value);
            default -> throw ProblemException.unauthorized("unsupported_authentication_scheme",
                    "Use Authorization: Bearer <key>, X-API-Key: <key> or Authorization: Basic");
        };
    }

    private static Credential basic(String encoded) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ProblemException.unauthorized("credentials_invalid", "The Basic credentials are not valid Base64");
        }
        int colon = decoded.indexOf(':');
        if (colon < 1) {
            throw ProblemException.unauthorized("credentials_invalid", "Basic credentials must be email:password");
        }
        return new UsernamePasswordCredential(decoded.substring(0, colon), decoded.substring(colon + 1));
    }

    private static ProblemException rejection(Credential credential) {
        if (credential instanceof ApiKeyCredential key) {
            return ProblemException.unauthorized(key.rejection(), key.rejectionDetail());
        }
        return ProblemException.unauthorized("credentials_invalid", "The email or password is not valid");
    }

    private static AuthenticationStatus fail(HttpServletRequest request, HttpServletResponse response,
                                             ProblemException problem) {
        String requestId = RequestIds.of(request);
        Problem body = problem.toProblem(requestId);
        try {
            response.resetBuffer();
            response.setStatus(problem.status());
            response.setContentType(Problem.MEDIA_TYPE);
            response.setCharacterEncoding("UTF-8");
            response.setHeader(RequestIds.HEADER, requestId);
            response.setHeader("X-Content-Type-Options", "nosniff");
            problem.headers().forEach(response::setHeader);
            response.getWriter().write(JsonConfiguration.jsonb().toJson(body));
            response.flushBuffer();
        } catch (IOException e) {
            // the client went away; nothing more to tell it
        }
        return AuthenticationStatus.SEND_FAILURE;
    }
}
