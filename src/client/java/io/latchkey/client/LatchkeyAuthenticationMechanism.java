package io.latchkey.client;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStoreHandler;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Lets requests in by a Latchkey key in {@code Authorization: Bearer <key>} or {@code X-API-Key: <key>}; the identity
 * store decides ({@link LatchkeyIdentityStore}). A request without a key goes on unauthenticated (the application's
 * {@code @RolesAllowed} refuses it where it must: {@link RoleEnforcement}); a key that is not good is 401, one over its
 * rate limit 429 with {@code Retry-After}, and when Latchkey cannot be asked 503: refused, never let in on an old
 * answer. A read-only key may only read ({@code GET}, {@code HEAD}, {@code OPTIONS}), as on Latchkey itself, unless
 * {@code latchkey.client.read-only-keys-read=false}.
 */
@ApplicationScoped
public class LatchkeyAuthenticationMechanism implements HttpAuthenticationMechanism {

    private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");

    @Inject
    IdentityStoreHandler identities;

    @Inject
    @ConfigProperty(name = "latchkey.client.read-only-keys-read", defaultValue = "true")
    boolean readOnlyKeysRead;

    @Override
    public AuthenticationStatus validateRequest(HttpServletRequest request, HttpServletResponse response,
                                                HttpMessageContext context) {
        String presented = presented(request);
        if (presented == null) {
            return context.isProtected() ? Problems.send(request, response, 401, "authentication_required",
                    "Authenticate with Authorization: Bearer <key> or X-API-Key: <key>", null)
                    : context.doNothing();
        }
        LatchkeyKeyCredential credential = new LatchkeyKeyCredential(presented, request.getRemoteAddr());
        CredentialValidationResult result = identities.validate(credential);
        if (result.getStatus() == CredentialValidationResult.Status.VALID) {
            if (readOnlyKeysRead && result.getCallerPrincipal() instanceof LatchkeyCaller caller && caller.readOnly()
                    && !READS.contains(request.getMethod())) {
                return Problems.send(request, response, 403, "read_only_key", "This key is read-only", null);
            }
            return context.notifyContainerAboutLogin(result);
        }
        return switch (credential.refusal()) {
            case RATE_LIMITED -> Problems.send(request, response, 429, "rate_limited", "The API key is over its rate limit",
                    credential.retryAfter());
            case UNAVAILABLE -> Problems.send(request, response, 503, "latchkey_unavailable",
                    "The key cannot be checked now; try again shortly", credential.retryAfter());
            case INVALID -> Problems.send(request, response, 401, "key_invalid", "The API key is not valid", null);
        };
    }

    private static String presented(HttpServletRequest request) {
        String authorization = request.getHeader("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return authorization.substring(7).strip();
        }
        String header = request.getHeader("X-API-Key");
        return header == null ? null : header.strip();
    }
}
