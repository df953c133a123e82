package io.latchkey.console;

import io.latchkey.auth.ConsoleSessions;
import io.latchkey.auth.LatchkeyAuthenticationMechanism;
import io.latchkey.auth.LocalPasswords;
import io.latchkey.problems.ProblemException;
import io.latchkey.identity.control.Directory;
import io.latchkey.identity.control.OidcProvider;
import jakarta.annotation.security.PermitAll;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.SecurityContext;
import jakarta.security.enterprise.authentication.mechanism.http.AuthenticationParameters;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code /api/v1/session}: console sign-in ({@code POST {"email", "password"}}), the session's CSRF
 * token ({@code GET}) and sign-out ({@code DELETE}).
 */
@Tag(name = "Console session")
@Path("session")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class SessionResource {

    /** {@code POST /session}. */
    public record SignIn(@NotNull(message = "is required") String email, @NotNull(message = "is required") String password) {

        @Override
        public String toString() {
            return "SignIn[email=" + email + ", password=<hidden>]";
        }
    }


    @Inject
    SecurityContext security;

    @Inject
    OidcProvider provider;

    @Inject
    Directory directory;

    @Inject
    @ConfigProperty(name = "latchkey.console.local-passwords", defaultValue = "all")
    String localPasswords;

    @Context
    HttpServletRequest request;

    @Context
    HttpServletResponse response;

    @POST
    @PermitAll
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "signIn", summary = "Starts a console session (cookie) and returns its CSRF token")
    @APIResponse(responseCode = "200", description = "Done", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = SessionView.class)),
            extensions = @Extension(name = "x-latchkey-view", value = "io.latchkey.console.SessionView"))
    public Response signIn(SignIn body) {
        AuthenticationStatus status = security.authenticate(request, response, AuthenticationParameters.withParams()
                .credential(new UsernamePasswordCredential(body.email(), body.password())).newAuthentication(true));
        if (status != AuthenticationStatus.SUCCESS) {
            if (request.getAttribute(LatchkeyAuthenticationMechanism.SIGN_IN_PROBLEM) instanceof ProblemException problem) {
                throw problem;
            }
            throw ProblemException.unauthorized("credentials_invalid", "The email or password is not valid");
        }
        return Response.ok(new SessionView(ConsoleSessions.csrfToken(request).orElseThrow()))
                .cacheControl(noStore()).build();
    }

    @GET
    @Path("methods")
    @PermitAll
    @Operation(operationId = "getSignInMethods", summary = "How people can sign in to the console, and what is wrong with a method that cannot be used")
    @APIResponse(responseCode = "200", description = "Done", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = SignInMethodsView.class)),
            extensions = @Extension(name = "x-latchkey-view", value = "io.latchkey.console.SignInMethodsView"))
    public SignInMethodsView methods() {
        List<SignInMethodsView.Provider> providers = provider.isConfigured()
                ? List.of(new SignInMethodsView.Provider(provider.displayName(), "api/v1/session/oidc", provider.problem().orElse(null)))
                : List.of();
        SignInMethodsView.Directory ldap = directory.isConfigured()
                ? new SignInMethodsView.Directory(directory.displayName(), directory.misconfiguration().orElse(null)) : null;
        return new SignInMethodsView(LocalPasswords.of(localPasswords).wireName(), providers, ldap);
    }

    @GET
    @RolesAllowed({"admin", "token-manager", "member"})
    @Operation(operationId = "getSession", summary = "The CSRF token of the current console session")
    @APIResponse(responseCode = "200", description = "Done", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = SessionView.class)),
            extensions = @Extension(name = "x-latchkey-view", value = "io.latchkey.console.SessionView"))
    public Response token() {
        String token = ConsoleSessions.csrfToken(request)
                .orElseThrow(() -> ProblemException.unauthorized("authentication_required", "Not signed in to the console"));
        return Response.ok(new SessionView(token)).cacheControl(noStore()).build();
    }

    @DELETE
    @RolesAllowed({"admin", "token-manager", "member"})
    @Operation(operationId = "signOut", summary = "Ends the console session")
    @APIResponse(responseCode = "204", description = "Done")
    public Response signOut() throws ServletException {
        ConsoleSessions.end(request);
        request.logout();
        return Response.noContent().build();
    }

    private static CacheControl noStore() {
        CacheControl cache = new CacheControl();
        cache.setNoStore(true);
        return cache;
    }
}
