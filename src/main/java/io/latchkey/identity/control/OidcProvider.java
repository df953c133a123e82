package io.latchkey.identity.control;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWT;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import io.latchkey.accounts.control.Accounts.ExternalIdentity;
import io.latchkey.accounts.entity.IdentitySource;
import io.latchkey.platform.Refusal;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The installation's OpenID Connect provider, through the Nimbus OAuth 2.0 SDK: the authorization-code
 * flow with PKCE (S256), {@code state} and {@code nonce}; the ID token's signature (keys from the
 * provider's JWKS, refetched when an unknown key id turns up), issuer, audience, expiry and nonce
 * validated by Nimbus' {@link IDTokenValidator}. The discovery document is read at the first sign-in
 * and kept for an hour; when the provider cannot be reached, sign-ins through it are refused with
 * {@code oidc_provider_unavailable} and it is tried again 30 seconds later.
 *
 * <p>Only the ID token is used (its {@code groups}-like claim gives the roles); the access token is
 * dropped. Nothing of a token, the code or the client secret is ever logged.
 */
@ApplicationScoped
public class OidcProvider {

    private static final Logger LOG = Logger.getLogger(OidcProvider.class.getName());
    private static final int CONNECT_TIMEOUT_MS = 5_000;
    private static final int READ_TIMEOUT_MS = 10_000;
    private static final Duration KEEP_DISCOVERY = Duration.ofHours(1);
    private static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(30);

    /** What the authorization request was sent with: kept until the provider sends the browser back. */
    public record Authorization(URI uri, String state, String nonce, String codeVerifier) {
    }

    /** The discovery document and the validator built from it. */
    private record Discovered(OIDCProviderMetadata metadata, IDTokenValidator validator, Instant at) {
    }

    /** Why the provider cannot be used now, and since when. */
    private record Unavailable(String reason, Instant at) {
    }

    void atStartup(@Observes Startup startup) {
    }

    @Inject
    @ConfigProperty(name = "latchkey.oidc.issuer")
    Optional<String> issuer;

    @Inject
    @ConfigProperty(name = "latchkey.oidc.client-id")
    Optional<String> clientId;

    @Inject
    @ConfigProperty(name = "latchkey.oidc.client-secret")
    Optional<String> clientSecret;

    @Inject
    @ConfigProperty(name = "latchkey.oidc.name")
    Optional<String> name;

    @Inject
    @ConfigProperty(name = "latchkey.oidc.roles-claim", defaultValue = "groups")
    String rolesClaim;

    @Inject
    @ConfigProperty(name = "latchkey.oidc.scopes", defaultValue = "openid email profile")
    String scopes;

    @Inject
    @ConfigProperty(name = "latchkey.oidc.role-map")
    Optional<String> roleMapSetting;

    @Inject
    Clock clock;

    private RoleMap roleMap;
    /** Why the settings cannot work (read once, at start-up); null when they can, or when there are none. */
    private String misconfiguration;
    private volatile Discovered discovered;
    private volatile Unavailable unavailable;
    private final ReentrantLock discovering = new ReentrantLock();

    @PostConstruct
    void configure() {
        if (issuer.filter(s -> !s.isBlank()).isEmpty()) {
            return;
        }
        try {
            roleMap = RoleMap.parse(roleMapSetting.orElse(""));
            URI uri = new URI(issuer.get());
            if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme())) {
                throw new IllegalArgumentException("LATCHKEY_OIDC_ISSUER must be an http(s) URL");
            }
            if (clientId.filter(s -> !s.isBlank()).isEmpty()) {
                throw new IllegalArgumentException("LATCHKEY_OIDC_CLIENT_ID is not set");
            }
            if (clientSecret.filter(s -> !s.isBlank()).isEmpty()) {
                throw new IllegalArgumentException("LATCHKEY_OIDC_CLIENT_SECRET is not set");
            }
            LOG.info(() -> "OpenID Connect sign-in through " + displayName() + " (" + issuer.get() + "), client "
                    + clientId.get() + ", roles from claim '" + rolesClaim + "'"
                    + (roleMap.isEmpty() ? "; LATCHKEY_OIDC_ROLE_MAP is empty, so everyone signs in as a member" : ""));
        } catch (URISyntaxException | IllegalArgumentException e) {
            misconfiguration = e instanceof URISyntaxException ? "LATCHKEY_OIDC_ISSUER is not a URL" : e.getMessage();
            LOG.severe(() -> "OpenID Connect sign-in is misconfigured and off: " + misconfiguration
                    + " (local passwords still work)");
        }
    }

    /** Whether an issuer is set at all (then the sign-in page offers the provider, or says why it cannot). */
    public boolean isConfigured() {
        return issuer.filter(s -> !s.isBlank()).isPresent();
    }

    public String displayName() {
        return name.filter(s -> !s.isBlank()).orElseGet(() -> {
            try {
                return Optional.ofNullable(new URI(issuer.orElse("")).getHost()).orElse("the identity provider");
            } catch (URISyntaxException e) {
                return "the identity provider";
            }
        });
    }

    /** Why sign-in through the provider does not work now (misconfigured, or not reachable), if it does not. */
    public Optional<String> problem() {
        if (!isConfigured()) {
            return Optional.of("No OpenID Connect provider is configured");
        }
        if (misconfiguration != null) {
            return Optional.of(displayName() + " is misconfigured: " + misconfiguration);
        }
        try {
            discovered();
            return Optional.empty();
        } catch (Refusal unavailableNow) {
            return Optional.of(unavailableNow.getMessage());
        }
    }

    /** A new authorization request to send the browser to. */
    public Authorization authorize(URI redirectUri) {
        OIDCProviderMetadata metadata = discovered().metadata();
        State state = new State();
        Nonce nonce = new Nonce();
        CodeVerifier verifier = new CodeVerifier();
        URI uri = new AuthenticationRequest.Builder(new ResponseType(ResponseType.Value.CODE), Scope.parse(scopes),
                new ClientID(clientId.orElseThrow()), redirectUri)
                .endpointURI(metadata.getAuthorizationEndpointURI())
                .state(state)
                .nonce(nonce)
                .codeChallenge(verifier, CodeChallengeMethod.S256)
                .build().toURI();
        return new Authorization(uri, state.getValue(), nonce.getValue(), verifier.getValue());
    }

    /**
     * Redeems the code (with the PKCE verifier) at the token endpoint and validates the ID token; the
     * person it names, with the roles their groups give. Refusals: {@code oidc_refused} (the provider said
     * no), {@code oidc_token_invalid} (the token fails validation, or lacks an email),
     * {@code oidc_provider_unavailable}.
     */
    public ExternalIdentity redeem(String code, String codeVerifier, String nonce, URI redirectUri) {
        Discovered provider = discovered();
        TokenRequest request = new TokenRequest(provider.metadata().getTokenEndpointURI(), clientAuthentication(provider.metadata()),
                new AuthorizationCodeGrant(new AuthorizationCode(code), redirectUri, new CodeVerifier(codeVerifier)));
        TokenResponse response;
        try {
            HTTPRequest http = request.toHTTPRequest();
            http.setConnectTimeout(CONNECT_TIMEOUT_MS);
            http.setReadTimeout(READ_TIMEOUT_MS);
            response = OIDCTokenResponseParser.parse(http.send());
        } catch (IOException e) {
            LOG.warning(() -> displayName() + "'s token endpoint could not be reached: " + e.getClass().getSimpleName());
            throw Refusal.busy("oidc_provider_unavailable", displayName() + " could not be reached; try again");
        } catch (ParseException e) {
            throw tokenInvalid("the token response is not one of OpenID Connect");
        }
        if (!response.indicatesSuccess()) {
            String error = ((TokenErrorResponse) response).getErrorObject().getCode();
            LOG.info(() -> displayName() + " refused to redeem a sign-in's code: " + error);
            throw Refusal.forbidden("oidc_refused", displayName() + " refused the sign-in (" + error + ")");
        }
        JWT idToken = ((OIDCTokenResponse) response.toSuccessResponse()).getOIDCTokens().getIDToken();
        if (idToken == null) {
            throw tokenInvalid("the provider sent no ID token");
        }
        IDTokenClaimsSet claims;
        try {
            claims = provider.validator().validate(idToken, new Nonce(nonce));
        } catch (BadJOSEException e) {
            throw tokenInvalid(e.getMessage());
        } catch (com.nimbusds.jose.JOSEException e) {
            throw tokenInvalid("the ID token could not be checked");
        }
        return identity(claims);
    }

    private ExternalIdentity identity(IDTokenClaimsSet claims) {
        if (Boolean.FALSE.equals(claims.getBooleanClaim("email_verified"))) {
            throw tokenInvalid("the provider says the email is not verified");
        }
        String email = claims.getStringClaim("email");
        // only an email the provider vouches for may move a known user to it; a first sign-in takes what there is
        boolean vouchedFor = email != null && email.contains("@") && Boolean.TRUE.equals(claims.getBooleanClaim("email_verified"));
        if (email == null || !email.contains("@")) {
            String preferred = claims.getStringClaim("preferred_username");
            email = preferred != null && preferred.contains("@") ? preferred : null;
        }
        if (email == null || email.length() > 254) {
            throw tokenInvalid("the ID token carries no email (scope 'email', or an email-like preferred_username)");
        }
        String fullName = Optional.ofNullable(claims.getStringClaim("name")).filter(n -> !n.isBlank()).orElse(email);
        // the subject is unique within its issuer only: another provider configured later never meets these users
        return new ExternalIdentity(IdentitySource.OIDC, claims.getIssuer().getValue() + " " + claims.getSubject().getValue(), email,
                vouchedFor, fullName.length() > 200 ? fullName.substring(0, 200) : fullName, roleMap.rolesOf(groups(claims)));
    }

    /** The roles claim: a list or a single name; Keycloak's full group paths ({@code /admins}) lose the slash. */
    private Set<String> groups(IDTokenClaimsSet claims) {
        Object value = claims.getClaim(rolesClaim);
        Collection<?> names = value instanceof Collection<?> list ? list : value == null ? List.of() : List.of(value);
        Set<String> groups = new HashSet<>();
        for (Object group : names) {
            String text = String.valueOf(group);
            groups.add(text.startsWith("/") ? text.substring(1) : text);
        }
        return groups;
    }

    private static Refusal tokenInvalid(String why) {
        LOG.info(() -> "A sign-in through the OpenID Connect provider was refused: " + why);
        return Refusal.forbidden("oidc_token_invalid", "The provider's answer was refused: " + why);
    }

    private ClientAuthentication clientAuthentication(OIDCProviderMetadata metadata) {
        ClientID id = new ClientID(clientId.orElseThrow());
        Secret secret = new Secret(clientSecret.orElseThrow());
        List<ClientAuthenticationMethod> methods = metadata.getTokenEndpointAuthMethods();
        boolean postOnly = methods != null && !methods.contains(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                && methods.contains(ClientAuthenticationMethod.CLIENT_SECRET_POST);
        return postOnly ? new ClientSecretPost(id, secret) : new ClientSecretBasic(id, secret);
    }

    /**
     * The discovery document and validator, read now if not kept; a {@code BUSY} refusal when unreachable.
     * One request at a time reads it; the others meanwhile use the copy kept (or are refused) without
     * waiting, and after a failure nobody tries again for 30 seconds: an outage of the provider never
     * holds up request threads, however many arrive.
     */
    private Discovered discovered() {
        if (misconfiguration != null || !isConfigured()) {
            throw Refusal.conflict("oidc_not_configured", problemOfSettings());
        }
        Instant now = clock.instant();
        Discovered known = discovered;
        if (known != null && known.at().plus(KEEP_DISCOVERY).isAfter(now)) {
            return known;
        }
        Unavailable failed = unavailable;
        boolean waiting = failed != null && failed.at().plus(RETRY_AFTER_FAILURE).isAfter(now);
        if (waiting || !discovering.tryLock()) {
            return keptOrRefused(known, failed == null ? displayName() + " is being contacted; try again in a moment" : failed.reason());
        }
        try {
            discovered = discover(now);
            unavailable = null;
            return discovered;
        } catch (IOException | com.nimbusds.oauth2.sdk.GeneralException | RuntimeException e) {
            String reason = displayName() + " could not be reached or did not answer as an OpenID Connect provider";
            if (failed == null) {
                LOG.log(Level.WARNING, () -> reason + " at " + issuer.get() + " (" + e.getClass().getSimpleName()
                        + (known != null ? "); keeping its discovery document of " + known.at() : "); sign-ins through it wait until it answers"));
            }
            unavailable = new Unavailable(reason, now);
            return keptOrRefused(known, reason);
        } finally {
            discovering.unlock();
        }
    }

    private static Discovered keptOrRefused(Discovered known, String reason) {
        if (known != null) {
            return known;
        }
        throw Refusal.busy("oidc_provider_unavailable", reason);
    }

    private String problemOfSettings() {
        return misconfiguration != null ? displayName() + " is misconfigured: " + misconfiguration
                : "No OpenID Connect provider is configured";
    }

    private Discovered discover(Instant now) throws IOException, com.nimbusds.oauth2.sdk.GeneralException {
        OIDCProviderMetadata metadata = OIDCProviderMetadata.resolve(new Issuer(issuer.get()), CONNECT_TIMEOUT_MS, READ_TIMEOUT_MS);
        URL jwks = metadata.getJWKSetURI().toURL();
        JWKSource<SecurityContext> keys = JWKSourceBuilder.<SecurityContext>create(jwks,
                new DefaultResourceRetriever(CONNECT_TIMEOUT_MS, READ_TIMEOUT_MS, 512 * 1024)).build();
        List<JWSAlgorithm> offered = metadata.getIDTokenJWSAlgs();
        Set<JWSAlgorithm> algorithms = new HashSet<>(offered == null || offered.isEmpty() ? List.of(JWSAlgorithm.RS256) : offered);
        algorithms.removeIf(alg -> alg.getName().toLowerCase(Locale.ROOT).startsWith("hs") || "none".equalsIgnoreCase(alg.getName()));
        IDTokenValidator validator = new IDTokenValidator(metadata.getIssuer(), new ClientID(clientId.orElseThrow()),
                new JWSVerificationKeySelector<>(algorithms, keys), null);
        return new Discovered(metadata, validator, now);
    }
}
