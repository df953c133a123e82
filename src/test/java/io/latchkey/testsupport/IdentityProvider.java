package io.latchkey.testsupport;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import jakarta.json.Json;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import java.util.concurrent.atomic.AtomicReference;
import no.nav.security.mock.oauth2.OAuth2Config;
import no.nav.security.mock.oauth2.http.OAuth2HttpRequest;
import no.nav.security.mock.oauth2.http.OAuth2HttpResponse;
import no.nav.security.mock.oauth2.http.Route;
import okhttp3.Headers;

/**
 * The real OpenID Connect provider of the tests: NAV's mock-oauth2-server (discovery, JWKS, authorization
 * and token endpoints, RS256-signed ID tokens) in the test JVM, at the issuer the test servers are
 * configured with ({@code http://127.0.0.1:<latchkey.it.oidcPort>/corp}, client {@code latchkey}). It runs for the
 * whole test run, as the shared deployment does ({@link OneDeploymentPerRun}): a provider that came and went with
 * one test class would leave the server remembering it as unreachable, or keeping its discovery document and keys,
 * for the classes after it. Tests reach it with {@link #running()}.
 */
public final class IdentityProvider {

    public static final String ISSUER_ID = "corp";
    public static final String CLIENT_ID = "latchkey";

    private MockOAuth2Server server;

    /** The token endpoint's next answer, when a test makes one up ({@link #nextTokenResponse}). */
    private final AtomicReference<String> madeUpAnswer = new AtomicReference<>();

    /** Answers the next token request with the made-up answer, if there is one; the provider's own routes otherwise. */
    private final class MadeUpTokenAnswer implements Route {
        @Override
        public boolean match(OAuth2HttpRequest request) {
            return request.getUrl().encodedPath().endsWith("/token") && madeUpAnswer.get() != null;
        }

        @Override
        public OAuth2HttpResponse invoke(OAuth2HttpRequest request) {
            String body = madeUpAnswer.getAndSet(null);
            return new OAuth2HttpResponse(Headers.of("Content-Type", "application/json"), 200, body, null);
        }
    }

    private static IdentityProvider running;

    private IdentityProvider() {
    }

    /** The run's provider, started at the first call and stopped when the test JVM ends. */
    public static synchronized IdentityProvider running() {
        if (running == null) {
            IdentityProvider provider = new IdentityProvider();
            provider.server = new MockOAuth2Server(new OAuth2Config(), provider.new MadeUpTokenAnswer());
            try {
                // named by its address, not by a reverse lookup ("localhost"): the issuer in its tokens is the configured one
                provider.server.start(InetAddress.getByAddress("127.0.0.1", new byte[] {127, 0, 0, 1}),
                        Integer.getInteger("latchkey.it.oidcPort", 8099));
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(provider.server::shutdown));
            running = provider;
        }
        return running;
    }

    /** The issuer as the test servers know it (the provider names itself by the host it is asked at). */
    public String issuer() {
        return "http://127.0.0.1:" + Integer.getInteger("latchkey.it.oidcPort", 8099) + "/" + ISSUER_ID;
    }

    /** The next sign-in at the authorization endpoint is this person, with these groups. */
    public void nextSignIn(String subject, String email, String name, List<String> groups) {
        nextSignIn(subject, Map.of("email", email, "name", name, "groups", groups));
    }

    /** The next sign-in at the authorization endpoint is this subject, with these claims in its ID token. */
    public void nextSignIn(String subject, Map<String, Object> claims) {
        server.enqueueCallback(new DefaultOAuth2TokenCallback(ISSUER_ID, subject, "JWT", List.of(CLIENT_ID), claims, 3600));
    }

    /** An ID token of this provider's own key, with these claims (for answers the test makes up). */
    public String idToken(String audience, String nonce, String subject, String email, long expiresInSeconds) {
        return server.issueToken(ISSUER_ID, CLIENT_ID, new DefaultOAuth2TokenCallback(ISSUER_ID, subject, "JWT",
                List.of(audience), Map.of("email", email, "nonce", nonce, "groups", List.of()), expiresInSeconds)).serialize();
    }

    /** An ID token like {@link #idToken} in every claim, and with the provider's key id, but signed with another key. */
    public String idTokenSignedByAnotherKey(String nonce, String subject, String email) throws JOSEException {
        String keyId = server.issueToken(ISSUER_ID, CLIENT_ID, new DefaultOAuth2TokenCallback(ISSUER_ID, subject))
                .getHeader().getKeyID();
        RSAKey other = new RSAKeyGenerator(2048).keyID(keyId).generate();
        Instant now = Instant.now();
        SignedJWT token = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(keyId).type(JOSEObjectType.JWT).build(),
                new JWTClaimsSet.Builder().issuer(issuer()).audience(CLIENT_ID).subject(subject)
                        .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(3600)))
                        .claim("nonce", nonce).claim("email", email).build());
        token.sign(new RSASSASigner(other));
        return token.serialize();
    }

    /** The token endpoint's next answer is this ID token (and an access token), whatever the request. */
    public void nextTokenResponse(String idToken) {
        madeUpAnswer.set(Json.createObjectBuilder().add("access_token", "made-up-access-token").add("token_type", "Bearer")
                .add("expires_in", 3600).add("id_token", idToken).build().toString());
    }
}
