package io.latchkey.console;

import io.latchkey.auth.LatchkeyAuthenticationMechanism;
import io.latchkey.auth.ProviderCallback;
import io.latchkey.identity.boundary.ProviderSignIns;
import io.latchkey.identity.control.OidcProvider;
import io.latchkey.identity.control.PendingSignIns;
import io.latchkey.platform.Refusal;
import io.latchkey.problems.ProblemException;
import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.SecurityContext;
import jakarta.security.enterprise.authentication.mechanism.http.AuthenticationParameters;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import io.latchkey.caller.ClientAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code /api/v1/session/oidc}: console sign-in through the OpenID Connect provider, for browsers.
 * {@code GET} sends the browser to the provider with a new state, nonce and PKCE challenge, and ties the
 * sign-in to the browser with a short-lived cookie ({@code SameSite=Lax}, so that it comes back with the
 * provider's redirect, which the session cookie, {@code Strict}, does not). {@code GET /callback} is where
 * the provider sends it back: a good sign-in starts a console session and goes on to the API keys page; any
 * refusal goes back to the sign-in page, which says why ({@code ?sign_in_error=<code>}), with no session.
 * The redirect URI is {@code LATCHKEY_OIDC_REDIRECT_URI}, else this address as the request shows it.
 */
@Tag(name = "Enterprise sign-in")
@Path("session/oidc")
@RequestScoped
public class ProviderSignInResource {

    static final String COOKIE = "latchkey_oidc";

    @Inject
    ProviderSignIns signIns;

    @Inject
    OidcProvider provider;

    @Inject
    SecurityContext security;

    @Inject
    ClientAddress clients;

    @Inject
    @ConfigProperty(name = "latchkey.oidc.redirect-uri")
    Optional<String> redirectUri;

    @Inject
    @ConfigProperty(name = "latchkey.console.secure-cookie", defaultValue = "false")
    boolean secureCookie;

    @Context
    HttpServletRequest request;

    @Context
    HttpServletResponse response;

    @GET
    @PermitAll
    @Operation(operationId = "signInThroughProvider", summary = "Sends the browser to the OpenID Connect provider to sign in")
    @APIResponse(responseCode = "303", description = "To the provider, or back to the sign-in page saying why not")
    @APIResponse(responseCode = "404", description = "No provider is configured")
    public Response start() {
        if (!provider.isConfigured()) {
            throw ProblemException.notFound("OpenID Connect provider", "oidc");
        }
        URI redirect = redirectUri();
        ProviderSignIns.Begun begun;
        try {
            begun = signIns.begin(redirect, clients.of(request));
        } catch (Refusal refused) {
            return backToSignIn(refused.code());
        }
        response.addHeader("Set-Cookie", cookie(begun.browserSecret(), PendingSignIns.LIFETIME.toSeconds()));
        return Response.seeOther(begun.authorization()).header("Cache-Control", "no-store").build();
    }

    @GET
    @Path("callback")
    @PermitAll
    @Operation(operationId = "providerCallback", summary = "Where the provider sends the browser back with a code")
    @APIResponse(responseCode = "303", description = "To the API keys page signed in, or to the sign-in page saying why not")
    public Response callback(@QueryParam("state") String state, @QueryParam("code") String code,
                             @QueryParam("error") String error) {
        response.addHeader("Set-Cookie", cookie("", 0));
        String browserSecret = Optional.ofNullable(request.getCookies()).stream().flatMap(Arrays::stream)
                .filter(c -> COOKIE.equals(c.getName())).map(Cookie::getValue).findFirst().orElse("");
        String presentedCode = error != null ? null : code;
        AuthenticationStatus status = security.authenticate(request, response, AuthenticationParameters.withParams()
                .credential(new ProviderCallback(state, browserSecret, presentedCode)).newAuthentication(true));
        if (status != AuthenticationStatus.SUCCESS) {
            Object problem = request.getAttribute(LatchkeyAuthenticationMechanism.SIGN_IN_PROBLEM);
            return backToSignIn(problem instanceof ProblemException p ? p.code() : "oidc_refused");
        }
        return toConsole("/keys");
    }

    /** The configured redirect URI, else this address as the request names it (a Host that makes no URI: 400). */
    private URI redirectUri() {
        String uri = redirectUri.filter(s -> !s.isBlank()).orElseGet(() -> {
            String scheme = request.getScheme();
            int port = request.getServerPort();
            boolean defaultPort = "http".equals(scheme) && port == 80 || "https".equals(scheme) && port == 443;
            return scheme + "://" + request.getServerName() + (defaultPort ? "" : ":" + port) + request.getContextPath()
                    + "/api/v1/session/oidc/callback";
        });
        try {
            URI parsed = new URI(uri);
            if (uri.length() > 1000 || parsed.getHost() == null) {
                throw new URISyntaxException(uri, "no host, or too long");
            }
            return parsed;
        } catch (URISyntaxException e) {
            throw ProblemException.badRequest("redirect_uri_invalid",
                    "The address this request names makes no redirect URI; set LATCHKEY_OIDC_REDIRECT_URI");
        }
    }

    private Response backToSignIn(String code) {
        return toConsole("/signin?sign_in_error=" + code);
    }

    /**
     * A redirect to a console page by its path from the server's root: a string, because JAX-RS runtimes
     * would resolve a relative {@link URI} against the API's base (some appending it to {@code /api/v1/}).
     */
    private Response toConsole(String page) {
        return Response.status(Response.Status.SEE_OTHER).header("Location", request.getContextPath() + page)
                .header("Cache-Control", "no-store").build();
    }

    private String cookie(String value, long maxAge) {
        return COOKIE + "=" + value + "; Path=" + request.getContextPath() + "/api/v1/session/oidc; Max-Age=" + maxAge
                + "; HttpOnly; SameSite=Lax" + (secureCookie ? "; Secure" : "");
    }
}
