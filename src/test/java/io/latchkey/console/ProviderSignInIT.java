package io.latchkey.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.latchkey.testsupport.Api;
import io.latchkey.testsupport.Api.Auth;
import io.latchkey.testsupport.Api.Reply;
import io.latchkey.testsupport.DeployedLatchkey;
import io.latchkey.testsupport.IdentityProvider;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.io.StringReader;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Console sign-in through a real OpenID Connect provider (testsupport.IdentityProvider): in Chromium, and
 * step by step as a browser would, with the answers an attacker or a broken provider could give.
 */
class ProviderSignInIT extends DeployedLatchkey {

    static final IdentityProvider provider = IdentityProvider.running();

    private static Browser browser;

    @BeforeAll
    static void startBrowser() throws Exception {
        browser = new Browser();
    }

    @AfterAll
    static void stopBrowser() throws Exception {
        if (browser != null) {
            browser.close();
        }
    }

    /** One browser's cookies, following no redirect by itself. */
    private static final class Visitor {
        final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10)).build();

        HttpResponse<String> get(URI uri) throws Exception {
            return http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
        }

        URI location(HttpResponse<String> response) {
            assertEquals(303 / 100, response.statusCode() / 100, response.statusCode() + " " + response.body());
            return response.uri().resolve(response.headers().firstValue("Location").orElseThrow());
        }
    }

    private String console;

    @BeforeEach
    void setUp() {
        console = api.base().resolve("../../").toString();
        browser.driver.manage().deleteAllCookies();
    }

    private static Map<String, String> query(URI uri) {
        return Arrays.stream(uri.getRawQuery().split("&")).map(p -> p.split("=", 2))
                .collect(Collectors.toMap(p -> p[0], p -> URLDecoder.decode(p.length > 1 ? p[1] : "", StandardCharsets.UTF_8)));
    }

    private static String email(String label) {
        return label + "-" + UUID.randomUUID().toString().substring(0, 8) + "@corp.example";
    }

    private JsonObject userByEmail(String email) {
        for (int offset = 0; ; offset += 100) {
            List<JsonObject> page = api.get("users?limit=100&offset=" + offset, Auth.admin()).json().getJsonArray("data")
                    .getValuesAs(JsonObject.class);
            if (page.isEmpty()) {
                throw new AssertionError("no user " + email);
            }
            for (JsonObject user : page) {
                if (user.getString("email").equals(email)) {
                    return user;
                }
            }
        }
    }

    private static List<String> roles(JsonObject user) {
        return user.getJsonArray("roles").getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
    }

    /** Starts a sign-in: the authorization request the browser is sent to. */
    private URI start(Visitor visitor) throws Exception {
        URI authorization = visitor.location(visitor.get(api.base().resolve("session/oidc")));
        assertTrue(authorization.toString().startsWith(provider.issuer()), authorization.toString());
        return authorization;
    }

    /** A whole sign-in as the browser makes it; where Latchkey sends the browser at the end. */
    private URI signIn(Visitor visitor) throws Exception {
        URI callback = visitor.location(visitor.get(start(visitor)));
        return visitor.location(visitor.get(callback));
    }

    private int me(Visitor visitor) throws Exception {
        return visitor.get(api.base().resolve("me")).statusCode();
    }

    /** The browser is sent on to the console's API keys page. */
    private void assertSignedIn(URI landing) {
        assertEquals(URI.create(console).getPath() + "keys", landing.getPath(), landing.toString());
    }

    private void assertRefused(URI landing, String code) {
        assertEquals(URI.create(console).getPath() + "signin", landing.getPath(), landing.toString());
        assertEquals(code, query(landing).get("sign_in_error"), landing.toString());
    }

    @Test
    void aPersonSignsInThroughTheProviderInChromium() {
        String email = email("chromium");
        provider.nextSignIn("sub-" + email, email, "Chris Chromium", List.of("latchkey-admins"));
        browser.open(console + "signin");
        browser.heading("Sign in to Latchkey");
        browser.link("Sign in with Corp SSO").click();
        try {
            browser.heading("API keys");
            browser.awaitText(email);
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("not signed in: " + browser.describe(), e);
        }

        JsonObject user = userByEmail(email);
        assertEquals("oidc", user.getString("identity_source"));
        assertEquals(List.of("admin"), roles(user));
        String events = api.get("audit?actor_id=" + user.getString("id") + "&type=signed_in", Auth.admin()).body();
        assertTrue(events.contains("\"method\":\"oidc\"") && events.contains("Corp SSO"), events);
        assertTrue(api.get("audit?type=user_created&limit=200", Auth.admin()).body().contains(user.getString("id")));
    }

    @Test
    void theSignInPageSaysWhyASignInWasRefused() {
        browser.open(console + "signin?sign_in_error=oidc_state_invalid");
        browser.awaitAlert("was not started in this browser");
        assertEquals(console + "signin", browser.driver.getCurrentUrl());
        List<String> headings = browser.driver.findElements(org.openqa.selenium.By.tagName("h1")).stream()
                .map(org.openqa.selenium.WebElement::getText).toList();
        assertEquals(List.of("Sign in to Latchkey"), headings, "one h1 on the sign-in page (axe: page-has-heading-one)");
    }

    @Test
    void rolesFollowTheGroupsAtEverySignInAndKeysLoseARemovedRoleAtOnce() throws Exception {
        String email = email("groups");
        String subject = "sub-" + email;
        provider.nextSignIn(subject, email, "Gina Groups", List.of("/api-token-managers"));
        Visitor browserOne = new Visitor();
        assertSignedIn(signIn(browserOne));
        assertEquals(200, me(browserOne));
        JsonObject user = userByEmail(email);
        assertEquals(List.of("token-manager"), roles(user));

        // a key of hers, made by an admin would not do: she makes it with her console session
        String key = keyMadeIn(browserOne);
        assertEquals(200, api.get("keys", Auth.bearer(key)).status());

        provider.nextSignIn(subject, email, "Gina Groups", List.of());
        assertSignedIn(signIn(new Visitor()));
        assertEquals(List.of("member"), roles(userByEmail(email)));
        assertEquals(403, api.get("keys", Auth.bearer(key)).status());
        assertTrue(api.get("audit?type=roles_from_groups&limit=200", Auth.admin()).body().contains(user.getString("id")));
        assertEquals(user.getString("id"), userByEmail(email).getString("id"), "the same user, not a second one");
    }

    /** A read-only key made with the visitor's console session (CSRF token and all); its secret. */
    private String keyMadeIn(Visitor visitor) throws Exception {
        String csrf = Json.createReader(new StringReader(visitor.get(api.base().resolve("session")).body())).readObject()
                .getJsonObject("data").getString("csrf_token");
        HttpResponse<String> created = visitor.http.send(HttpRequest.newBuilder(api.base().resolve("keys"))
                .header("Content-Type", "application/json").header("X-CSRF-Token", csrf)
                .POST(HttpRequest.BodyPublishers.ofString("{\"description\":\"a bot\",\"access\":\"read_only\",\"expires_in_days\":30}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, created.statusCode(), created.body());
        return Json.createReader(new StringReader(created.body())).readObject().getJsonObject("data").getString("api_key");
    }

    /** A token manager by their groups signs in through the provider and makes a key; the key. */
    private Auth tokenManagerWithKey(String subject, String email, String name) throws Exception {
        provider.nextSignIn(subject, email, name, List.of("/api-token-managers"));
        Visitor visitor = new Visitor();
        assertSignedIn(signIn(visitor));
        return Auth.bearer(keyMadeIn(visitor));
    }

    private int lapseProviderRoles() {
        Reply reply = api.send("POST", "test-support/provider-roles/lapse", Auth.NONE, null, null);
        assertEquals(200, reply.status(), reply.toString());
        return reply.data().getInt("lapsed");
    }

    @Test
    void groupRolesLapseToMemberWhenTheProviderHasNotVouchedForThemWithinTheMaximumAge() throws Exception {
        String email = email("lapsed");
        String subject = "sub-" + email;
        Auth key = tokenManagerWithKey(subject, email, "Lars Lapsed");
        String userId = userByEmail(email).getString("id");
        try {
            api.moveClock(Duration.ofHours(23));
            lapseProviderRoles();
            assertEquals(List.of("token-manager"), roles(userByEmail(email)), "within the maximum age (24 h) nothing lapses");
            assertEquals(200, api.get("keys", key).status());

            api.moveClock(Duration.ofHours(25));
            assertTrue(lapseProviderRoles() >= 1);
            assertEquals(List.of("member"), roles(userByEmail(email)));
            assertEquals("insufficient_role", api.get("keys", key).code(), "her key lost the role at once");
            Reply gateway = api.send("GET", "auth/forward", key, null, null, "X-Forwarded-Method", "GET");
            assertEquals(403, gateway.status());
            assertEquals("key_owner_role_missing", gateway.code());
            String events = api.get("audit?type=roles_from_groups&limit=200", Auth.admin()).body();
            assertTrue(events.contains(userId) && events.contains("groups_not_seen"), events);
        } finally {
            api.moveClock(Duration.ZERO);
        }
        provider.nextSignIn(subject, email, "Lars Lapsed", List.of("/api-token-managers"));
        assertSignedIn(signIn(new Visitor()));
        assertEquals(List.of("token-manager"), roles(userByEmail(email)), "the next sign-in vouches for the groups again");
        assertEquals(200, api.get("keys", key).status());
    }

    @Test
    void anAdminMayLowerAProviderUsersRolesButNeverRaiseThemAboveTheGroups() throws Exception {
        String email = email("lowered");
        String subject = "sub-" + email;
        Auth key = tokenManagerWithKey(subject, email, "Lou Lowered");
        String path = "users/" + userByEmail(email).getString("id");

        Reply raised = api.patch(path, Auth.admin(), "{\"roles\":[\"admin\"]}");
        assertEquals(409, raised.status());
        assertEquals("managed_by_oidc", raised.code());
        assertEquals(List.of("token-manager"), roles(userByEmail(email)), "a refused raise changes nothing");

        assertEquals(200, api.patch(path, Auth.admin(), "{\"roles\":[\"member\"]}").status());
        assertEquals(List.of("member"), roles(userByEmail(email)));
        assertEquals("insufficient_role", api.get("keys", key).code());

        provider.nextSignIn(subject, email, "Lou Lowered", List.of("/api-token-managers"));
        assertSignedIn(signIn(new Visitor()));
        assertEquals(List.of("member"), roles(userByEmail(email)), "the groups cannot give back what an admin took");

        assertEquals(200, api.patch(path, Auth.admin(), "{\"roles\":[\"token-manager\"]}").status(),
                "an admin may give back what the groups give");
        assertEquals(List.of("token-manager"), roles(userByEmail(email)));
        assertEquals(200, api.get("keys", key).status());
        assertEquals("managed_by_oidc", api.patch(path, Auth.admin(), "{\"password\":\"a-new-password-1\"}").code());
    }

    /** Where starting a sign-in from this client address sends the browser. */
    private URI startFrom(String clientAddress) throws Exception {
        Visitor visitor = new Visitor();
        HttpResponse<String> started = visitor.http.send(HttpRequest.newBuilder(api.base().resolve("session/oidc"))
                .header("X-Forwarded-For", clientAddress).GET().build(), HttpResponse.BodyHandlers.ofString());
        return visitor.location(started);
    }

    @Test
    void oneSlash64HasOneBudgetOfPendingSignInsAndBlocksNoOneElse() throws Exception {
        String block = "2001:db8:" + Integer.toHexString(new java.util.Random().nextInt(0xffff)) + ":"
                + Integer.toHexString(new java.util.Random().nextInt(0xffff)) + ":";
        for (int i = 1; i <= 30; i++) {
            URI started = startFrom(block + Integer.toHexString(i) + "::" + Integer.toHexString(i));
            assertTrue(started.toString().startsWith(provider.issuer()), "sign-in " + i + " of the /64: " + started);
        }
        assertRefused(startFrom(block + "ffff::1"), "sign_ins_busy");
        assertRefused(startFrom(block + "abcd:1:2:3"), "sign_ins_busy");
        URI neighbour = startFrom("2001:db8:ffff:ffff::1");
        assertTrue(neighbour.toString().startsWith(provider.issuer()), "another /64 still signs in: " + neighbour);
    }

    @Test
    void aNewVerifiedEmailAtTheProviderIsFollowedAndNeverOntoAnotherUser() throws Exception {
        String email = email("renamed");
        String subject = "sub-" + email;
        provider.nextSignIn(subject, email, "Rita Renamed", List.of("/api-token-managers"));
        assertSignedIn(signIn(new Visitor()));
        String id = userByEmail(email).getString("id");

        String unverified = email("unverified");
        provider.nextSignIn(subject, Map.of("email", unverified, "name", "Rita", "groups", List.of("/api-token-managers")));
        assertSignedIn(signIn(new Visitor()));
        assertEquals(email, api.get("users/" + id, Auth.admin()).data().getString("email"),
                "an email the provider does not say it verified is not followed");

        String married = email("married");
        provider.nextSignIn(subject, Map.of("email", married, "email_verified", true, "name", "Rita Married",
                "groups", List.of("/api-token-managers")));
        assertSignedIn(signIn(new Visitor()));
        assertEquals(married, api.get("users/" + id, Auth.admin()).data().getString("email"),
                "known by issuer and subject: the same user, with the new email");
        assertTrue(api.get("audit?type=user_changed&limit=200", Auth.admin()).body().contains(married));

        String local = email("local-owner");
        api.createUser(local, "local-password-12", "member");
        provider.nextSignIn(subject, Map.of("email", local, "email_verified", true, "name", "Rita Married",
                "groups", List.of("/api-token-managers")));
        assertRefused(signIn(new Visitor()), "email_taken");
        assertEquals(married, api.get("users/" + id, Auth.admin()).data().getString("email"),
                "another user's email is never taken over");
        assertEquals("local", userByEmail(local).getString("identity_source"));
    }

    @Test
    void aCallbackWithAnotherStateIsRefused() throws Exception {
        Visitor visitor = new Visitor();
        URI callback = visitor.location(visitor.get(start(visitor)));
        String forged = callback.toString().replace("state=" + query(callback).get("state"), "state=" + UUID.randomUUID());
        assertRefused(visitor.location(visitor.get(URI.create(forged))), "oidc_state_invalid");
        assertEquals(401, me(visitor));
    }

    @Test
    void aCallbackInAnotherBrowserIsRefused() throws Exception {
        Visitor starter = new Visitor();
        URI callback = starter.location(starter.get(start(starter)));
        Visitor victim = new Visitor();
        assertRefused(victim.location(victim.get(callback)), "oidc_state_invalid");
        assertEquals(401, me(victim));
        // and the state, once presented, is spent: not even its own browser can use it now
        assertRefused(starter.location(starter.get(callback)), "oidc_state_invalid");
    }

    /** How often the server's log says a sign-in was refused for this reason. */
    private static long refusalsLogged(String reason) throws Exception {
        Path log = Path.of(System.getProperty("latchkey.itLog"));
        try (var lines = Files.lines(log, StandardCharsets.UTF_8)) {
            return lines.filter(line -> line.contains("OpenID Connect provider was refused: " + reason)).count();
        }
    }

    /** The callback lands on the sign-in page with the code, no session, and the log gives this reason. */
    private void assertRefusedFor(String reason, java.util.function.Function<String, String> idTokenForNonce) throws Exception {
        long before = refusalsLogged(reason);
        Visitor visitor = new Visitor();
        assertRefused(callbackAnswered(visitor, idTokenForNonce), "oidc_token_invalid");
        assertEquals(401, me(visitor));
        assertTrue(refusalsLogged(reason) > before, "refused, but not because of: " + reason);
    }

    /** Starts a sign-in, makes the token endpoint answer with this token, and comes back with a made-up code. */
    private URI callbackAnswered(Visitor visitor, java.util.function.Function<String, String> idTokenForNonce) throws Exception {
        Map<String, String> authorization = query(start(visitor));
        String token = idTokenForNonce.apply(authorization.get("nonce"));
        provider.nextTokenResponse(token);
        URI callback = URI.create(authorization.get("redirect_uri") + "?code=made-up-code&state=" + authorization.get("state"));
        return visitor.location(visitor.get(callback));
    }

    @Test
    void aGoodTokenAnsweredThisWayIsAccepted() throws Exception {
        Visitor visitor = new Visitor();
        String email = email("good");
        URI landing = callbackAnswered(visitor, nonce -> provider.idToken(IdentityProvider.CLIENT_ID, nonce, "sub-" + email, email, 600));
        assertSignedIn(landing);
        assertEquals(200, me(visitor));
    }

    @Test
    void aTokenForAnotherAudienceIsRefused() throws Exception {
        String email = email("audience");
        assertRefusedFor("Unexpected JWT audience", nonce -> provider.idToken("another-client", nonce, "sub-" + email, email, 600));
    }

    @Test
    void anExpiredTokenIsRefused() throws Exception {
        String email = email("expired");
        assertRefusedFor("Expired JWT", nonce -> provider.idToken(IdentityProvider.CLIENT_ID, nonce, "sub-" + email, email, -600));
    }

    @Test
    void aTokenWithAnotherNonceIsRefused() throws Exception {
        String email = email("nonce");
        assertRefusedFor("Unexpected JWT nonce", nonce -> provider.idToken(IdentityProvider.CLIENT_ID, "another-nonce", "sub-" + email, email, 600));
    }

    @Test
    void aTokenSignedByAnotherKeyIsRefused() throws Exception {
        String email = email("forged");
        assertRefusedFor("Signed JWT rejected: Invalid signature", nonce -> {
            try {
                return provider.idTokenSignedByAnotherKey(nonce, "sub-" + email, email);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void noTokenCodeOrSecretReachesTheLog() throws Exception {
        Visitor visitor = new Visitor();
        String email = email("quiet");
        String[] token = new String[1];
        URI landing = callbackAnswered(visitor, nonce -> token[0] = provider.idToken(IdentityProvider.CLIENT_ID, nonce, "sub-" + email, email, 600));
        assertSignedIn(landing);
        String log = Files.readString(Path.of(System.getProperty("latchkey.itLog")), StandardCharsets.UTF_8);
        for (String secret : List.of(token[0], token[0].split("\\.")[2], "made-up-code", "made-up-access-token", "it-client-secret",
                "it-bind-password")) {
            assertTrue(!log.contains(secret), "the log holds a secret: " + secret.substring(0, Math.min(12, secret.length())));
        }
    }

    @Test
    void anEmailTheProviderHasNotVerifiedIsRefused() throws Exception {
        String email = email("unverified");
        long before = refusalsLogged("the provider says the email is not verified");
        provider.nextSignIn("sub-" + email, Map.of("email", email, "email_verified", false, "groups", List.of("latchkey-admins")));
        Visitor visitor = new Visitor();
        assertRefused(signIn(visitor), "oidc_token_invalid");
        assertEquals(401, me(visitor));
        assertTrue(refusalsLogged("the provider says the email is not verified") > before);
    }

    @Test
    void theProviderCannotTakeOverALocalAccount() throws Exception {
        provider.nextSignIn("sub-takeover-" + UUID.randomUUID(), Api.ADMIN_EMAIL, "Not the admin", List.of("latchkey-admins"));
        Visitor visitor = new Visitor();
        assertRefused(signIn(visitor), "email_taken");
        assertEquals(401, me(visitor));
        assertEquals("local", userByEmail(Api.ADMIN_EMAIL).getString("identity_source"));
    }

    @Test
    void consolePasswordsAreKeptForLocalAdminsAndBasicIsUnchanged() {
        String manager = Api.uniqueEmail("local-manager");
        api.createUser(manager, "local-password-12", "token-manager");
        Reply refused = api.post("session", Auth.NONE, "{\"email\":\"" + manager + "\",\"password\":\"local-password-12\"}");
        assertEquals(403, refused.status(), refused.toString());
        assertEquals("local_sign_in_off", refused.code());
        assertTrue(refused.raw().headers().allValues("Set-Cookie").stream().noneMatch(c -> c.startsWith("LATCHKEY_SESSION=")),
                "no session");
        assertEquals(200, api.get("me", Auth.basic(manager, "local-password-12")).status());

        String admin = Api.uniqueEmail("break-glass");
        api.createUser(admin, "local-password-12", "admin");
        assertEquals(200, api.post("session", Auth.NONE, "{\"email\":\"" + admin + "\",\"password\":\"local-password-12\"}").status());
        assertEquals(200, api.post("session", Auth.NONE, "{\"email\":\"" + Api.ADMIN_EMAIL + "\",\"password\":\""
                + Api.ADMIN_PASSWORD + "\"}").status());
    }

    @Test
    void theSignInPageOffersTheProvider() {
        JsonObject methods = api.get("session/methods", Auth.NONE).data();
        assertEquals("break-glass", methods.getString("passwords"), "the tests' configuration");
        JsonObject offered = methods.getJsonArray("providers").getJsonObject(0);
        assertEquals("Corp SSO", offered.getString("name"));
        assertNotEquals(null, offered.getString("start"));
    }
}
