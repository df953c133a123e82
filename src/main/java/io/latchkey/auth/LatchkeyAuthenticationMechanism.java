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
import java.util.Locale;

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

    @Inject
    IdentityStoreHandler identityStores;

    @Inject
    LastUseRecorder lastUse;

    @Inject
    Clock clock;

    @Override
    public AuthenticationStatus validateRequest(HttpServletRequest request, HttpServletResponse response,
                                                HttpMessageContext context) {
        Credential credential;
        try {
            credential = credentialOf(request);
        } catch (ProblemException problem) {
            return fail(request, response, problem);
        }
        if (credential == null) {
            return context.doNothing();
        }
        CredentialValidationResult result = identityStores.validate(credential);
        if (result.getStatus() != CredentialValidationResult.Status.VALID
                || !(result.getCallerPrincipal() instanceof LatchkeyPrincipal principal)) {
            return fail(request, response, rejection(credential));
        }
        Caller caller = principal.caller();
        request.setAttribute(Caller.ATTRIBUTE, caller);
        if (caller.method() == Caller.Method.API_KEY) {
            response.setHeader(EXPIRES_HEADER, caller.keyExpiresAt().toString());
            lastUse.record(caller.keyId(), clock.instant());
        }
        return context.notifyContainerAboutLogin(result);
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
