package io.latchkey.auth;

import io.latchkey.caller.ClientAddress;
import io.latchkey.caller.Caller;
import io.latchkey.problems.RequestIds;
import io.latchkey.audit.control.DeadKeyUse;
import io.latchkey.audit.control.SignedIn;
import io.latchkey.grid.GridSecret;
import io.latchkey.identity.control.Directory;
import io.latchkey.identity.control.OidcProvider;
import io.latchkey.keys.boundary.KeyUses;
import io.latchkey.keys.boundary.RateLimited;
import io.latchkey.keys.control.KeyVerdict;
import io.latchkey.keys.control.RateLimits;
import io.latchkey.platform.Refusal;
import io.latchkey.problems.ProblemException;
import io.latchkey.problems.ProblemWriter;
import io.latchkey.metrics.Metrics;
import jakarta.enterprise.event.Startup;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Speaks the protocol, and only that: reads the credential ({@link CredentialReader}), asks the identity
 * stores, applies the failed-authentication throttle, and answers.
 *
 * <p>No credential: anonymous unless a console session continues (protected resources answer 401
 * themselves). A credential that fails: a problem body with {@code WWW-Authenticate}, written here
 * because the container would otherwise send its own error page.
 */
@ApplicationScoped
public class LatchkeyAuthenticationMechanism implements HttpAuthenticationMechanism {

    /** Reads its configuration at start-up (see {@link io.latchkey.platform}). */
    void atStartup(@Observes Startup startup) {
        localPasswords = LocalPasswords.of(localPasswordsSetting);
        if (!LocalPasswords.isKnown(localPasswordsSetting)) {
            java.util.logging.Logger.getLogger(getClass().getName()).severe(() -> "LATCHKEY_CONSOLE_LOCAL_PASSWORDS is '"
                    + localPasswordsSetting + "', neither 'all' nor 'break-glass': read as 'break-glass' (local admins only)");
        }
    }

    static final String EXPIRES_HEADER = "Latchkey-Key-Expires-At";
    /** Request attribute: why a console sign-in was refused (a {@link ProblemException}). */
    public static final String SIGN_IN_PROBLEM = "latchkey.signInProblem";
    /** Request attribute: the {@link KeyVerdict} of the key that authenticated the request. */
    static final String VERDICT = "latchkey.keyVerdict";
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");
    /** Leak reports are anonymous: see {@link #validateRequest}. */
    private static final String LEAK_REPORTS = "/api/v1/leaks";

    @Inject
    IdentityStoreHandler identityStores;

    @Inject
    ApiKeyIdentityStore apiKeys;

    @Inject
    CredentialReader reader;

    @Inject
    KeyUses keyUse;

    @Inject
    Event<DeadKeyUse> deadKeyUses;

    @Inject
    RateLimits rateLimits;

    @Inject
    Metrics metrics;

    @Inject
    ClientAddress clients;

    @Inject
    FailedAuthThrottle throttle;

    @Inject
    Clock clock;

    @Inject
    GridSecret gridSecret;

    @Inject
    @ConfigProperty(name = "latchkey.console.session-max-age", defaultValue = "PT12H")
    Duration sessionMaxAge;

    @Inject
    ProviderIdentityStore providers;

    @Inject
    Event<SignedIn> signIns;

    /** Name the provider and the directory in {@code signed_in} events. */
    @Inject
    OidcProvider provider;

    @Inject
    Directory directory;

    @Inject
    @ConfigProperty(name = "latchkey.console.local-passwords", defaultValue = "all")
    String localPasswordsSetting;

    private LocalPasswords localPasswords = LocalPasswords.ALL;

    @Override
    public AuthenticationStatus validateRequest(HttpServletRequest request, HttpServletResponse response,
                                                HttpMessageContext context) {
        try {
            reader.refuseKeyInQuery(request.getQueryString());
            String path = request.getRequestURI().substring(request.getContextPath().length());
            if (path.equals(LEAK_REPORTS) || path.equals(LEAK_REPORTS + "/")) {
                // a report is anonymous: whatever credential or session comes along (a scanner's own token,
                // or the leaked key itself) is neither checked nor counted, so every report is read alike
                return context.doNothing();
            }
            if (context.isAuthenticationRequest()
                    && context.getAuthParameters().getCredential() instanceof UsernamePasswordCredential signIn) {
                return signIn(request, response, context, signIn);
            }
            if (context.isAuthenticationRequest()
                    && context.getAuthParameters().getCredential() instanceof ProviderCallback callback) {
                return signInThroughProvider(request, response, context, callback);
            }
            Optional<Credential> presented = readCountingFailures(request);
            if (presented.isEmpty()) {
                return continueSession(request, response, context);
            }
            if (presented.get() instanceof UsernamePasswordCredential password) {
                if (ForwardAuth.PATH.equals(path)) {
                    return fail(request, response, ForwardAuth.keyRequired()); // no PBKDF2 per proxied request
                }
                return byPassword(request, response, context, password);
            }
            return byKey(request, response, context, ((ApiKeyCredential) presented.get()).from(clients.of(request)),
                    ForwardAuth.PATH.equals(path));
        } catch (ProblemException problem) {
            return fail(request, response, problem);
        }
    }

    /** An unreadable credential counts like a bad key. */
    private Optional<Credential> readCountingFailures(HttpServletRequest request) {
        try {
            return reader.read(request);
        } catch (ProblemException unreadable) {
            throw throttle.keyFailed(clients.of(request)).map(this::tooManyAttempts)
                    .orElse(unreadable);
        }
    }

    private AuthenticationStatus byKey(HttpServletRequest request, HttpServletResponse response,
                                       HttpMessageContext context, ApiKeyCredential credential, boolean forwardAuth) {
        Metrics.CheckPath path = forwardAuth ? Metrics.CheckPath.FORWARD_AUTH : Metrics.CheckPath.API;
        long started = System.nanoTime();
        KeyVerdict verdict = apiKeys.verdict(credential);
        metrics.checkTook(path, System.nanoTime() - started);
        String client = credential.clientAddress();
        if (!verdict.isValid()) {
            metrics.keyChecked(path, verdict.outcome().counted());
        }
        if (verdict.isValid()) {
            CredentialValidationResult result = apiKeys.result(verdict);
            Caller caller = ((LatchkeyPrincipal) result.getCallerPrincipal()).caller();
            request.setAttribute(Caller.ATTRIBUTE, caller);
            request.setAttribute(VERDICT, verdict);
            response.setHeader(EXPIRES_HEADER, caller.keyExpiresAt().toString());
            if (verdict.requestsPerMinute() > 0) {
                RateLimits.Decision limit = rateLimits.take(verdict.keyId(), verdict.requestsPerMinute(), clock.instant());
                if (!limit.allowed()) {
                    metrics.keyChecked(path, Metrics.CheckOutcome.RATE_LIMITED);
                    metrics.throttled(Metrics.Throttle.RATE_LIMIT);
                    return fail(request, response, RateLimited.problem(limit)); // not a use, and no failed authentication
                }
                limit.headers().forEach(response::setHeader);
            }
            keyUse.record(caller.keyId(), clock.instant(), client, verdict.previousSecret());
            if (!forwardAuth) {
                metrics.keyChecked(path, Metrics.CheckOutcome.VALID); // forward-auth counts its own answer
            }
            return context.notifyContainerAboutLogin(result);
        }
        Optional<Duration> wait = throttle.keyFailed(client);
        if (wait.isPresent()) {
            return fail(request, response, tooManyAttempts(wait.get())); // and not recorded: a flood writes nothing
        }
        if (verdict.refusedUseEvent() != null) {
            deadKeyUses.fire(new DeadKeyUse(verdict.organizationId(), verdict.keyId(), verdict.refusedUseEvent(), client,
                    request.getHeader("User-Agent"), clock.instant()));
        }
        if (verdict.outcome() == KeyVerdict.Outcome.ADDRESS_NOT_ALLOWED) {
            return fail(request, response, ProblemException.forbidden(verdict.outcome().code(), detail(verdict)));
        }
        return fail(request, response, ProblemException.unauthorized(verdict.outcome().code(), detail(verdict)));
    }

    private static String detail(KeyVerdict verdict) {
        return switch (verdict.outcome()) {
            case MALFORMED -> "The API key is malformed or not of this installation";
            case REVOKED -> "The API key was revoked at " + verdict.revokedAt();
            case EXPIRED -> "The API key expired at " + verdict.expiresAt();
            case OWNER_INACTIVE -> "The API key's owner is deactivated";
            case ADDRESS_NOT_ALLOWED -> "The API key may not be used from your address";
            default -> "The API key is not valid";
        };
    }

    private AuthenticationStatus byPassword(HttpServletRequest request, HttpServletResponse response,
                                            HttpMessageContext context, UsernamePasswordCredential credential) {
        CredentialValidationResult result = checkPassword(request, credential);
        request.setAttribute(Caller.ATTRIBUTE, ((LatchkeyPrincipal) result.getCallerPrincipal()).caller());
        return context.notifyContainerAboutLogin(result);
    }

    /**
     * Checks a password under the throttle: an attempt is reserved for the address and the account before
     * the check and given back on success; a refusal is a {@link ProblemException}.
     */
    private CredentialValidationResult checkPassword(HttpServletRequest request, UsernamePasswordCredential credential) {
        String client = clients.of(request);
        String account = credential.getCaller();
        Optional<Duration> wait = throttle.reservePassword(client, account);
        if (wait.isPresent()) {
            throw tooManyAttempts(wait.get());
        }
        CredentialValidationResult result;
        try {
            result = identityStores.validate(credential);
        } catch (Refusal busy) {
            throttle.releasePassword(client, account); // never checked: not a failed attempt
            throw ProblemException.of(busy);
        }
        if (result.getStatus() != CredentialValidationResult.Status.VALID
                || !(result.getCallerPrincipal() instanceof LatchkeyPrincipal)) {
            throw ProblemException.unauthorized("credentials_invalid", "The email or password is not valid");
        }
        throttle.releasePassword(client, account);
        return result;
    }

    /**
     * Console sign-in ({@code SecurityContext.authenticate} from the session resource): checks the
     * password like Basic does, under the same throttle, and starts a session. A refusal is left for
     * the resource to answer, as a request attribute.
     */
    private AuthenticationStatus signIn(HttpServletRequest request, HttpServletResponse response,
                                        HttpMessageContext context, UsernamePasswordCredential credential) {
        CredentialValidationResult result;
        try {
            result = checkPassword(request, credential);
        } catch (ProblemException refused) {
            request.setAttribute(SIGN_IN_PROBLEM, refused);
            return AuthenticationStatus.SEND_FAILURE;
        }
        if (localPasswords == LocalPasswords.BREAK_GLASS && "password".equals(((LatchkeyPrincipal) result.getCallerPrincipal()).signInMethod())
                && !result.getCallerGroups().contains("admin") && !result.getCallerGroups().contains("operator")) {
            request.setAttribute(SIGN_IN_PROBLEM, ProblemException.forbidden("local_sign_in_off",
                    "Sign in through your company's sign-in; Latchkey passwords are kept for break-glass admins"));
            return AuthenticationStatus.SEND_FAILURE;
        }
        return startSession(request, response, context, result);
    }

    /** The browser back from the OpenID Connect provider: checked by {@link ProviderIdentityStore}; a refusal is left for the resource. */
    private AuthenticationStatus signInThroughProvider(HttpServletRequest request, HttpServletResponse response,
                                                       HttpMessageContext context, ProviderCallback callback) {
        CredentialValidationResult result;
        try {
            result = providers.validate(callback);
        } catch (Refusal refused) {
            request.setAttribute(SIGN_IN_PROBLEM, ProblemException.of(refused));
            return AuthenticationStatus.SEND_FAILURE;
        }
        return startSession(request, response, context, result);
    }

    private AuthenticationStatus startSession(HttpServletRequest request, HttpServletResponse response,
                                              HttpMessageContext context, CredentialValidationResult result) {
        LatchkeyPrincipal principal = (LatchkeyPrincipal) result.getCallerPrincipal();
        Instant now = clock.instant();
        ConsoleSessions.start(request, response, principal.caller().userId(), principal.passwordStamp(), now, gridSecret);
        request.setAttribute(Caller.ATTRIBUTE, Caller.bySession(principal.caller().userId(), principal.caller().organizationId()));
        String method = principal.signInMethod();
        signIns.fire(new SignedIn(principal.caller().organizationId(), principal.caller().userId(), method,
                switch (method) {
                    case "oidc" -> provider.displayName();
                    case "ldap" -> directory.displayName();
                    default -> null;
                }, clients.of(request), request.getHeader("User-Agent"), now));
        return context.notifyContainerAboutLogin(result);
    }

    /**
     * A request with neither header: anonymous, unless it carries a console session. The session's user
     * is checked again (deactivation ends the session at once), the session ends after its absolute
     * lifetime whatever its activity, and changes need the CSRF token.
     */
    private AuthenticationStatus continueSession(HttpServletRequest request, HttpServletResponse response,
                                                 HttpMessageContext context) {
        Optional<SessionCredential> session = ConsoleSessions.credentialOf(request, gridSecret);
        if (session.isEmpty()) {
            return context.doNothing();
        }
        if (ConsoleSessions.olderThan(request, sessionMaxAge, clock.instant())) {
            ConsoleSessions.end(request);
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

    private ProblemException tooManyAttempts(Duration wait) {
        metrics.throttled(Metrics.Throttle.FAILED_AUTHENTICATION);
        long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
        return new ProblemException(429, "too_many_failed_attempts", "Too many requests",
                "Too many failed authentications from your address or for this account; try again in " + seconds
                        + " seconds", List.of(), Map.of("Retry-After", Long.toString(seconds)));
    }

    /**
     * Writes the problem, then closes the request's body and the response's: a completed exchange is
     * sent as written by every server. Anything less is not enough on Undertow (WildFly), which sends its
     * own error for a failed authentication whose exchange is not complete (a flushed response, or a
     * request body still unread) and logs that the response was already committed. Closing the request
     * body reads what is left of it, as the server would to keep the connection, within its own limit.
     */
    private static AuthenticationStatus fail(HttpServletRequest request, HttpServletResponse response,
                                             ProblemException problem) {
        try {
            ProblemWriter.write(response, problem, RequestIds.of(request));
            request.getInputStream().close();
            response.getWriter().close();
        } catch (IOException e) {
            // the client went away; nothing more to tell it
        }
        return AuthenticationStatus.SEND_FAILURE;
    }
}
