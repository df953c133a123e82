package io.latchkey.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.latchkey.gateway.RecordingUpstream.Received;
import io.latchkey.keys.control.SecretCodec;
import io.latchkey.testsupport.Api;
import io.latchkey.testsupport.Api.Auth;
import io.latchkey.testsupport.DeployedLatchkey;
import io.latchkey.testsupport.NginxProcess;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Latchkey as the forward-auth service of a real nginx ({@code auth_request}), configured from the template
 * {@code src/test/resources/nginx/forward-auth.conf} — the example src/site/markdown/guarding-services.md
 * shows — in front of an application that records what reaches it: who gets through, with which identity
 * headers, and who is stopped at the gateway without the application ever seeing the request.
 */
class NginxForwardAuthIT extends DeployedLatchkey {

    private static final String PASSWORD = "gateway-password-1";
    /** Failed keys per client address before the test server throttles (LATCHKEY_AUTH_THROTTLE_LIMIT). */
    private static final int ADDRESS_LIMIT = 50;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    /** The scope the gateway's /orders/ route needs, of a service the test registers in the bootstrap organization. */
    private static final String SCOPE = "gateway-orders:write";

    private static RecordingUpstream app;
    private static NginxProcess nginx;

    String email;
    String userId;
    Auth manager;
    JsonObject readWrite;
    JsonObject readOnly;

    @BeforeEach
    void startGateway() throws Exception {
        if (nginx == null) {
            app = new RecordingUpstream();
            Path dir = Path.of(System.getProperty("latchkey.itLog", "target/it/server.log")).getParent().resolve("nginx");
            nginx = NginxProcess.start("/nginx/forward-auth.conf", Map.of(
                    "forward_auth_url", api.base().resolve("auth/forward").toString(),
                    "scope", SCOPE,
                    "app", app.address()), dir);
        }
    }

    @BeforeEach
    void createKeys() {
        email = Api.uniqueEmail("gateway");
        userId = api.createUser(email, PASSWORD, "token-manager", "member");
        manager = Auth.basic(email, PASSWORD);
        readWrite = api.createKey(manager, "{\"description\":\"rw\",\"access\":\"read_write\",\"expires_in_days\":30}");
        readOnly = api.createKey(manager, "{\"description\":\"ro\",\"access\":\"read_only\"}");
    }

    @AfterAll
    static void stopGateway() throws InterruptedException {
        if (nginx != null) {
            nginx.stop();
            nginx = null;
        }
        if (app != null) {
            app.close();
            app = null;
        }
    }

    @Test
    void readWriteKeyReachesTheApplicationWithItsIdentity() {
        String path = path();
        HttpResponse<String> get = through("GET", path, "Authorization", "Bearer " + key(readWrite));
        assertPassed(get);
        HttpResponse<String> post = through("POST", path, "X-API-Key", key(readWrite));
        assertPassed(post);

        List<Received> arrived = app.at(path);
        assertEquals(List.of("GET", "POST"), arrived.stream().map(Received::method).toList());
        for (Received request : arrived) {
            assertIdentity(readWrite, "read_write", request);
            assertNull(request.header("Authorization"), "the application gets the identity, not the key");
            assertNull(request.header("X-API-Key"));
        }
    }

    @Test
    void revokedKeyIsStoppedAtTheGateway() {
        String path = path();
        assertPassed(through("GET", path, "Authorization", "Bearer " + key(readOnly)));
        assertEquals(200, api.delete("keys/" + readOnly.getString("id"), manager).status());

        HttpResponse<String> revoked = through("GET", path, "Authorization", "Bearer " + key(readOnly));
        assertEquals(401, revoked.statusCode(), revoked.body());
        assertEquals(1, app.at(path).size(), "only the request before the revocation arrived");
    }

    @Test
    void readOnlyKeyReadsButCannotWriteThroughTheGateway() {
        String path = path();
        assertPassed(through("GET", path, "X-API-Key", key(readOnly)));
        assertIdentity(readOnly, "read_only", app.at(path).get(0));

        for (String write : List.of("POST", "PUT", "PATCH", "DELETE")) {
            HttpResponse<String> refused = through(write, path, "X-API-Key", key(readOnly));
            assertEquals(403, refused.statusCode(), write + ": " + refused.body());
        }
        HttpResponse<String> disguised = through("POST", path, "X-API-Key", key(readOnly),
                "X-Forwarded-Method", "GET", "X-Original-Method", "GET");
        assertEquals(403, disguised.statusCode(), "the client cannot name its own method: " + disguised.body());
        assertEquals(List.of("GET"), app.at(path).stream().map(Received::method).toList());
    }

    @Test
    void requestsWithoutAValidKeyAreChallengedAtTheGateway() {
        String path = path();
        HttpResponse<String> none = through("GET", path);
        assertEquals(401, none.statusCode(), none.body());
        assertEquals("Bearer realm=\"latchkey\"", none.headers().firstValue("WWW-Authenticate").orElse(null),
                "nginx passes Latchkey's challenge on");
        String unknown = new SecretCodec("lk", new SecureRandom()).generate().plaintext();
        assertEquals(401, through("GET", path, "Authorization", "Bearer " + unknown).statusCode());
        assertEquals(401, through("POST", path, "X-API-Key", "lk_garbage").statusCode());
        assertEquals(401, through("GET", path, "Authorization", "Basic " + Base64.getEncoder()
                .encodeToString((email + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8))).statusCode(), "the gateway takes keys, not passwords");
        assertTrue(app.at(path).isEmpty(), "nothing without a valid key reaches the application");
    }

    @Test
    void identityHeadersForgedByTheClientNeverReachTheApplication() {
        String path = path();
        assertPassed(through("POST", path, "Authorization", "Bearer " + key(readWrite),
                "X-Latchkey-User-Id", "forged-user", "X-Latchkey-Key-Id", "forged-key",
                "X-Latchkey-User-Email", "ceo@example.com", "X-Latchkey-Organization-Id", "forged-org",
                "X-Latchkey-Roles", "admin,operator", "X-Latchkey-Access", "admin",
                "Latchkey-Key-Expires-At", "9999-12-31T00:00:00Z"));
        assertIdentity(readWrite, "read_write", app.at(path).get(0));

        assertPassed(through("GET", path, "X-API-Key", key(readOnly), "X-Latchkey-Access", "read_write",
                "X-Latchkey-User-Id", "forged-user"));
        assertIdentity(readOnly, "read_only", app.at(path).get(1));

        HttpResponse<String> withoutKey = through("GET", path, "X-Latchkey-User-Id", userId,
                "X-Latchkey-Access", "read_write");
        assertEquals(401, withoutKey.statusCode(), "forged headers alone are no credential");
        assertEquals(2, app.at(path).size());
    }

    @Test
    void aRouteThatNeedsAScopeLetsOnlyKeysWithItThrough() {
        if (api.get("services", Auth.admin()).json().getJsonArray("data").stream()
                .noneMatch(s -> s.asJsonObject().getString("name").equals("gateway-orders"))) {
            assertEquals(201, api.post("services", Auth.admin(), "{\"name\":\"gateway-orders\",\"scopes\":["
                    + "{\"name\":\"gateway-orders:read\"},{\"name\":\"" + SCOPE + "\",\"writes\":true}]}").status());
        }
        JsonObject writer = api.createKey(manager, "{\"description\":\"orders\",\"access\":\"read_write\",\"scopes\":"
                + "[\"gateway-orders:read\",\"" + SCOPE + "\"]}");
        JsonObject reader = api.createKey(manager, "{\"description\":\"orders reader\",\"access\":\"read_write\","
                + "\"scopes\":[\"gateway-orders:read\"]}");
        String path = "/orders/" + UUID.randomUUID();
        assertPassed(through("POST", path, "X-API-Key", key(writer)));
        Received arrived = app.at(path).get(0);
        assertEquals(List.of(writer.getString("id")), arrived.headerValues("X-Latchkey-Key-Id"));
        assertEquals(List.of("gateway-orders:read " + SCOPE), arrived.headerValues("X-Latchkey-Scopes"));

        HttpResponse<String> lacking = through("POST", path, "X-API-Key", key(reader));
        assertEquals(403, lacking.statusCode(), lacking.body());
        assertEquals(403, through("POST", path, "X-API-Key", key(readWrite)).statusCode(), "a key without scopes");
        assertPassed(through("POST", "/app/" + UUID.randomUUID(), "X-API-Key", key(reader)));
        assertEquals(200, api.patch("keys/" + writer.getString("id"), manager, "{\"scopes\":[\"gateway-orders:read\"]}").status());
        assertEquals(403, through("POST", path, "X-API-Key", key(writer)).statusCode(), "the scope taken off holds at once");
        assertEquals(1, app.at(path).size(), "only the key with the scope reached the route");
    }

    @Test
    void throttledClientGetsLatchkeys429FromTheGateway() {
        String path = path();
        String client = "203.0.113." + ThreadLocalRandom.current().nextInt(1, 255);
        for (int i = 0; i < ADDRESS_LIMIT; i++) {
            HttpResponse<String> bad = through("GET", path, "X-API-Key", "lk_garbage" + i, "X-Forwarded-For", client);
            assertEquals(401, bad.statusCode(), "bad key " + (i + 1));
        }
        HttpResponse<String> throttled = through("GET", path, "X-API-Key", "lk_garbage", "X-Forwarded-For", client);
        assertEquals(429, throttled.statusCode(), throttled.body() + nginx.errorLog());
        assertNotNull(throttled.headers().firstValue("Retry-After").orElse(null), "nginx passes Retry-After on");
        assertTrue(app.at(path).isEmpty());
    }

    /** A path of this test's own on the application. */
    private static String path() {
        return "/app/" + UUID.randomUUID();
    }

    private static String key(JsonObject created) {
        return created.getString("api_key");
    }

    private void assertPassed(HttpResponse<String> response) {
        assertEquals(200, response.statusCode(), () -> response.body() + "\n" + nginx.errorLog());
        assertEquals("upstream", response.body());
    }

    /** The application received exactly the identity Latchkey holds for {@code key}, one value per header. */
    private void assertIdentity(JsonObject key, String access, Received request) {
        JsonObject me = api.get("me", manager).data();
        Set<String> roles = me.getJsonArray("roles").getValuesAs(JsonString.class).stream()
                .map(JsonString::getString).collect(Collectors.toSet());
        Map<String, String> expected = Map.of(
                "X-Latchkey-Key-Id", key.getString("id"),
                "X-Latchkey-User-Id", userId,
                "X-Latchkey-User-Email", email,
                "X-Latchkey-Organization-Id", me.getJsonObject("organization").getString("id"),
                "X-Latchkey-Access", access,
                "Latchkey-Key-Expires-At", key.getString("expires_at"));
        expected.forEach((name, value) -> assertEquals(List.of(value), request.headerValues(name), name));
        assertEquals(1, request.headerValues("X-Latchkey-Roles").size(), "X-Latchkey-Roles");
        assertEquals(roles, Arrays.stream(request.header("X-Latchkey-Roles").split(","))
                .map(String::trim).collect(Collectors.toSet()), "X-Latchkey-Roles");
    }

    /** A request to the application through nginx, with headers given as name, value, name, value... */
    private static HttpResponse<String> through(String method, String path, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + nginx.port() + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, "GET".equals(method) ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString("{\"example\":true}"));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
