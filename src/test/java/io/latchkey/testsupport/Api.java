package io.latchkey.testsupport;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/** A small HTTP client for the Latchkey API of a test deployment. */
public final class Api {

    public static final String ADMIN_EMAIL = "admin@latchkey.local";
    public static final String ADMIN_PASSWORD = System.getenv().getOrDefault("LATCHKEY_ADMIN_PASSWORD", "it-admin-password");

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final URI base;

    /** Talks to the deployment over loopback, whatever address the server reports for itself. */
    public Api(URL deployment) {
        String path = deployment.getPath().isEmpty() ? "/" : deployment.getPath();
        this.base = URI.create("http://127.0.0.1:" + deployment.getPort() + (path.endsWith("/") ? path : path + "/") + "api/v1/");
    }

    public URI base() {
        return base;
    }

    /** How a request authenticates. */
    public record Auth(String header, String value) {

        public static final Auth NONE = new Auth(null, null);

        public static Auth basic(String email, String password) {
            return new Auth("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((email + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }

        public static Auth admin() {
            return basic(ADMIN_EMAIL, ADMIN_PASSWORD);
        }

        public static Auth bearer(String key) {
            return new Auth("Authorization", "Bearer " + key);
        }

        public static Auth apiKey(String key) {
            return new Auth("X-API-Key", key);
        }
    }

    /** A response: status, headers and the body parsed as JSON (null when empty or not JSON). */
    public record Reply(int status, HttpResponse<String> raw, JsonObject json) {

        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        public String body() {
            return raw.body();
        }

        public JsonObject data() {
            return json.getJsonObject("data");
        }

        public String code() {
            return json == null ? null : json.getString("code", null);
        }

        @Override
        public String toString() {
            return status + " " + raw.body();
        }
    }

    public Reply get(String path, Auth auth) {
        return send("GET", path, auth, null, null);
    }

    public Reply post(String path, Auth auth, String json) {
        return send("POST", path, auth, json, "application/json");
    }

    public Reply patch(String path, Auth auth, String json) {
        return send("PATCH", path, auth, json, "application/json");
    }

    public Reply delete(String path, Auth auth) {
        return send("DELETE", path, auth, null, null);
    }

    /** A GET with any headers, given as name, value, name, value... */
    public Reply getWithHeaders(String path, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30)).GET();
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return exchange(request);
    }

    public Reply send(String method, String path, Auth auth, String body, String contentType) {
        return send(method, path, auth, body, contentType, new String[0]);
    }

    /** Any request, with extra headers given as name, value, name, value... */
    public Reply send(String method, String path, Auth auth, String body, String contentType, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (auth.header() != null) {
            request.header(auth.header(), auth.value());
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return exchange(request);
    }

    /** A GET that speaks as the client {@code address} (the tests' loopback peer is a trusted proxy). */
    public Reply getFrom(String address, String path, Auth auth) {
        return send("GET", path, auth, null, null, "X-Forwarded-For", address);
    }

    /** How many SQL statements the requests sent with {@code X-Test-Sql-Probe: probe} caused. */
    public int sqlStatements(String probe) {
        return sql(probe).getInt("statements");
    }

    /** How many of those statements wrote (insert, update, delete). */
    public int sqlWrites(String probe) {
        return sql(probe).getInt("writes");
    }

    private JsonObject sql(String probe) {
        Reply reply = get("test-support/sql?probe=" + probe, Auth.NONE);
        if (reply.status() != 200) {
            throw new IllegalStateException("no requests seen for probe " + probe + ": " + reply);
        }
        return reply.json().getJsonObject("data");
    }

    private static Reply exchange(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response, parse(response.body()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonObject parse(String body) {
        if (body == null || body.isBlank() || !body.trim().startsWith("{")) {
            return null;
        }
        try (var reader = Json.createReader(new StringReader(body))) {
            return reader.readObject();
        }
    }

    /**
     * The uses of a dead key from one client that the audit trail aggregated into events of this type: one
     * event per key, client and hour, so uses on both sides of an hour's end are summed.
     */
    public int aggregatedUses(Auth admin, String type, String keyId, String clientIp) {
        return get("audit?type=" + type + "&key_id=" + keyId, admin).json().getJsonArray("data").stream()
                .map(JsonValue::asJsonObject).filter(e -> e.getString("client_ip").equals(clientIp))
                .mapToInt(e -> e.getInt("count")).sum();
    }

    /** Moves the server clock (test deployments only). */
    public void moveClock(Duration offset) {
        Reply reply = send("PUT", "test-support/clock?offset=" + offset, Auth.NONE, null, null);
        if (reply.status() != 204) {
            throw new IllegalStateException("could not move the clock: " + reply);
        }
    }

    /** Runs one expiry-notice scan on the server now (test deployments only); returns its outcome. */
    public JsonObject scanNotices() {
        Reply reply = send("POST", "test-support/notices/scan", Auth.NONE, null, null);
        if (reply.status() != 200) {
            throw new IllegalStateException("scan failed: " + reply);
        }
        return reply.json().getJsonObject("data");
    }

    /** The operator (the bootstrap admin) creates an organization with a first admin; returns the org's id. */
    public String createOrganization(String name, String adminEmail, String adminPassword) {
        Reply reply = post("organizations", Auth.admin(), Json.createObjectBuilder()
                .add("name", name)
                .add("admin", Json.createObjectBuilder()
                        .add("email", adminEmail).add("name", "First admin").add("password", adminPassword))
                .build().toString());
        if (reply.status() != 201) {
            throw new IllegalStateException("could not create organization: " + reply);
        }
        return reply.data().getJsonObject("organization").getString("id");
    }

    /** Creates a user in the organization of {@code admin}; returns its id. */
    public String createUser(Auth admin, String email, String password, String... roles) {
        JsonArrayBuilder names = Json.createArrayBuilder();
        for (String role : roles) {
            names.add(role);
        }
        Reply reply = post("users", admin, Json.createObjectBuilder()
                .add("email", email).add("name", "Test user").add("password", password).add("roles", names)
                .build().toString());
        if (reply.status() != 201) {
            throw new IllegalStateException("could not create user: " + reply);
        }
        return reply.data().getString("id");
    }

    /** Creates a user of the bootstrap admin's organization; returns its id. */
    public String createUser(String email, String password, String... roles) {
        return createUser(Auth.admin(), email, password, roles);
    }

    /**
     * Asserts that a key made or regenerated between {@code before} and {@code after} (read around the request)
     * expires {@code lifetime} after its making, which the server counts in whole milliseconds.
     */
    public static void assertExpiresAfter(Duration lifetime, Instant before, Instant after, String expiresAt, String message) {
        Instant expires = Instant.parse(expiresAt);
        Instant earliest = before.truncatedTo(ChronoUnit.MILLIS).plus(lifetime);
        Instant latest = after.plus(lifetime);
        if (expires.isBefore(earliest) || expires.isAfter(latest)) {
            throw new AssertionError(message + ": expires_at " + expiresAt + " is not " + lifetime + " after a moment between "
                    + before + " and " + after);
        }
    }

    private static final AtomicInteger ADDRESSES = new AtomicInteger();

    /**
     * A client address no other caller in this test run has had (198.18.0.0/15, the benchmarking block), for
     * tests that speak as a client of their own through X-Forwarded-For: never one another test throttled.
     */
    public static String freshAddress() {
        int n = ADDRESSES.incrementAndGet();
        return "198." + (18 + n / 65_024 % 2) + "." + n % 65_024 / 254 + "." + (1 + n % 254);
    }

    /** The key with its last character changed: a typo the checksum catches, never the key itself. */
    public static String mistyped(String key) {
        char last = key.charAt(key.length() - 1);
        return key.substring(0, key.length() - 1) + (last == 'x' ? 'y' : 'x');
    }

    public static String uniqueEmail(String label) {
        return label + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }

    /** Creates a key; returns the creation reply's data (with {@code api_key}). */
    public JsonObject createKey(Auth auth, String json) {
        Reply reply = post("keys", auth, json);
        if (reply.status() != 201) {
            throw new IllegalStateException("could not create key: " + reply);
        }
        return reply.data();
    }

    public static boolean isNull(JsonObject object, String field) {
        return object.containsKey(field) && object.get(field) == JsonValue.NULL;
    }
}
