package io.latchkey.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.latchkey.testsupport.Api;
import io.latchkey.testsupport.DeployedLatchkey;
import io.latchkey.testsupport.Api.Auth;
import io.latchkey.testsupport.Api.Reply;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every endpoint that takes input, fed every kind of bad input: each answer is a 4xx problem with a
 * stable code, never a 5xx, and the organization's keys, users, policy and audit trail are exactly as
 * before.
 */
class BadInputIT extends DeployedLatchkey {

    private static final String PASSWORD = "bad-input-pass-1";
    /**
     * Open Liberty refuses Jakarta Servlet 6.0's suspicious paths itself, before any application
     * (src/site/markdown/deploying.md, "Deploying on Open Liberty"); on every other server the application
     * answers them.
     */
    private static final boolean CONTAINER_REFUSES_SUSPICIOUS_PATHS = "liberty".equals(System.getProperty("latchkey.server"));
    /** No answer names the server product. */
    private static final List<String> PRODUCTS = List.of("Payara", "GlassFish", "Liberty", "WebSphere", "WildFly", "Undertow");

    record Case(String method, String path, String contentType, String body) {

        String label() {
            return method + " " + path.substring(0, Math.min(80, path.length()))
                    + (body == null ? "" : " " + body.substring(0, Math.min(80, body.length())));
        }
    }

    /** One named case per input: a 4xx problem with a stable code, and the organization exactly as before. */
    @TestFactory
    Stream<DynamicTest> badInputIsRefusedClearlyAndChangesNothing() {
        String adminEmail = Api.uniqueEmail("admin");
        api.createOrganization("Bad " + UUID.randomUUID().toString().substring(0, 6), adminEmail, PASSWORD);
        Auth admin = Auth.bearer(api.createKey(Auth.basic(adminEmail, PASSWORD),
                "{\"description\":\"admin\",\"access\":\"read_write\"}").getString("api_key"));
        String userId = api.createUser(Auth.basic(adminEmail, PASSWORD), Api.uniqueEmail("user"), PASSWORD, "token-manager");
        String keyId = api.createKey(admin, "{\"description\":\"target\",\"access\":\"read_write\"}").getString("id");

        List<Case> cases = new ArrayList<>();
        String tenKb = "d".repeat(10_000);
        String past = LocalDate.now(ZoneOffset.UTC).minusDays(1).toString();
        String beyond = LocalDate.now(ZoneOffset.UTC).plusDays(400).toString();
        List<String> commonBodies = List.of("{", "{\"a\":1", "[]", "\"text\"", "null", "42", "{} trailing",
                "{\"unknown\":1}", "{\"" + "x".repeat(100) + "\":true}", "{\"description\":" + "[".repeat(50) + "]".repeat(50) + "}",
                "{\"description\":\"" + "x".repeat(20_000) + "\"}");
        for (String path : List.of("keys", "keys/" + keyId + "/regenerate", "users", "organizations", "webhooks")) {
            for (String body : commonBodies) {
                cases.add(new Case("POST", path, "application/json", body));
            }
            cases.add(new Case("POST", path, "text/plain", "{}"));
            cases.add(new Case("POST", path, "application/xml", "<key/>"));
        }
        for (String path : List.of("keys/" + keyId, "users/" + userId, "organization")) {
            for (String body : commonBodies) {
                cases.add(new Case("PATCH", path, "application/json", body));
            }
            cases.add(new Case("PATCH", path, "application/json", "{}"));
            cases.add(new Case("PATCH", path, "text/plain", "{\"name\":\"x\"}"));
        }
        for (String body : List.of("{}", "{\"description\":\"\"}", "{\"description\":\"" + tenKb + "\"}",
                "{\"description\":\"tab\\there\"}", "{\"description\":\"nul\\u0000\"}", "{\"description\":\"bell\\u0007\"}",
                "{\"description\":42}", "{\"description\":null}", "{\"description\":[\"a\"]}", "{\"description\":{\"a\":1}}",
                "{\"description\":\"x\",\"access\":\"root\"}", "{\"description\":\"x\",\"access\":1}",
                "{\"description\":\"x\",\"expires_at\":\"" + past + "\"}", "{\"description\":\"x\",\"expires_at\":\"" + beyond + "\"}",
                "{\"description\":\"x\",\"expires_at\":\"2027-02-30\"}", "{\"description\":\"x\",\"expires_at\":42}",
                "{\"description\":\"x\",\"expires_in_days\":30,\"expires_at\":\"" + beyond + "\"}",
                "{\"description\":\"x\",\"expires_in_days\":-1}", "{\"description\":\"x\",\"expires_in_days\":1.5}",
                "{\"description\":\"x\",\"expires_in_days\":99999999999999999999999}",
                "{\"description\":\"x\",\"owner_id\":\"no-such-user\"}", "{\"description\":\"x\",\"owner_id\":42}",
                "{\"description\":\"x\",\"id\":\"" + keyId + "\"}",
                "{\"description\":\"x\",\"allowed_cidrs\":[\"example.com\"]}", "{\"description\":\"x\",\"allowed_cidrs\":\"10.0.0.0/8\"}",
                "{\"description\":\"x\",\"allowed_cidrs\":[\"10.0.0.0/33\"]}", "{\"description\":\"x\",\"allowed_cidrs\":[1]}")) {
            cases.add(new Case("POST", "keys", "application/json", body));
        }
        for (String body : List.of("{\"description\":\"\"}", "{\"description\":\"" + tenKb + "\"}", "{\"access\":\"root\"}",
                "{\"description\":\"x\\u001b[31m\"}", "{\"status\":\"revoked\"}", "{\"expires_at\":\"2030-01-01\"}",
                "{\"allowed_cidrs\":[\"::g/64\"]}", "{\"allowed_cidrs\":[\"localhost\"]}", "{\"allowed_cidrs\":{}}")) {
            cases.add(new Case("PATCH", "keys/" + keyId, "application/json", body));
        }
        for (String body : List.of("{\"expires_in_days\":0}", "{\"expires_in_days\":\"30\"}", "{\"expires_at\":\"" + past + "\"}",
                "{\"expires_at\":\"" + beyond + "\"}", "{\"expires_in_days\":30,\"expires_at\":\"" + beyond + "\"}",
                "{\"description\":\"x\"}", "{\"grace_period_minutes\":-1}", "{\"grace_period_minutes\":10081}",
                "{\"grace_period_minutes\":\"60\"}", "{\"grace_period_minutes\":0.5}")) {
            cases.add(new Case("POST", "keys/" + keyId + "/regenerate", "application/json", body));
        }
        for (String body : List.of("{\"email\":\"x@y.co\"}", "{\"email\":\"not-an-email\",\"name\":\"x\",\"password\":\"" + PASSWORD + "\",\"roles\":[\"member\"]}",
                "{\"email\":\"x@y.co\",\"name\":\"\",\"password\":\"" + PASSWORD + "\",\"roles\":[\"member\"]}",
                "{\"email\":\"x@y.co\",\"name\":\"" + tenKb + "\",\"password\":\"" + PASSWORD + "\",\"roles\":[\"member\"]}",
                "{\"email\":\"x@y.co\",\"name\":\"x\",\"password\":\"short\",\"roles\":[\"member\"]}",
                "{\"email\":\"x@y.co\",\"name\":\"x\",\"password\":\"" + PASSWORD + "\",\"roles\":[\"god\"]}",
                "{\"email\":\"x@y.co\",\"name\":\"x\",\"password\":\"" + PASSWORD + "\",\"roles\":[]}",
                "{\"email\":\"x@y.co\",\"name\":\"x\",\"password\":\"" + PASSWORD + "\",\"roles\":[1]}",
                "{\"email\":\"" + adminEmail + "\",\"name\":\"x\",\"password\":\"" + PASSWORD + "\",\"roles\":[\"member\"]}",
                "{\"email\":\"x@y.co\",\"name\":\"x\",\"password\":\"" + PASSWORD + "\",\"roles\":[\"operator\"]}")) {
            cases.add(new Case("POST", "users", "application/json", body));
        }
        for (String body : List.of("{\"active\":\"no\"}", "{\"roles\":\"admin\"}", "{\"name\":\"nul\\u0000\"}",
                "{\"email\":\"new@x.co\"}", "{\"password\":\"short\"}")) {
            cases.add(new Case("PATCH", "users/" + userId, "application/json", body));
        }
        for (String body : List.of("{\"max_key_lifetime_days\":-1}", "{\"max_key_lifetime_days\":366}",
                "{\"default_key_lifetime_days\":400}", "{\"max_keys_per_user\":-5}", "{\"max_keys_per_user\":1e10}",
                "{\"name\":\"" + tenKb + "\"}", "{\"max_key_lifetime_days\":10,\"default_key_lifetime_days\":20}",
                "{\"expiry_digest\":\"monthly\"}", "{\"expiry_digest\":\"WEEKLY\"}", "{\"expiry_digest\":\"\"}",
                "{\"expiry_digest\":true}", "{\"expiry_digest\":[\"weekly\"]}", "{\"revoke_unused_after_days\":7}",
                "{\"revoke_unused_after_days\":366}", "{\"revoke_unused_after_days\":-30}", "{\"revoke_unused_after_days\":\"30\"}")) {
            cases.add(new Case("PATCH", "organization", "application/json", body));
        }
        String hundredAndOne = "{\"keys\":[" + String.join(",", java.util.Collections.nCopies(101, "\"lk_x\"")) + "]}";
        for (String body : List.of("{", "[{\"token\":\"x\"}", "\"text\"", "null", "42", "{} trailing", "{}",
                "{\"unknown\":1}", "{\"keys\":\"lk_x\"}", "{\"keys\":[1]}", "{\"keys\":[\"lk_x\"],\"note\":\"x\"}",
                hundredAndOne, "[1]", "[{}]", "[{\"token\":42}]", "[{\"token\":\"lk_x\",\"url\":[]}]",
                "[" + "[".repeat(50) + "]".repeat(50) + "]", "{\"keys\":[\"" + "x".repeat(20_000) + "\"]}")) {
            cases.add(new Case("POST", "leaks", "application/json", body));
        }
        cases.add(new Case("POST", "leaks", "text/plain", "{\"keys\":[]}"));
        for (String body : List.of("{}", "{\"url\":\"https://hooks.example.com/x\"}", "{\"events\":[\"key.created\"]}",
                "{\"url\":\"http://127.0.0.9/x\",\"events\":[\"key.created\"]}",
                "{\"url\":\"http://169.254.169.254/\",\"events\":[\"key.created\"]}",
                "{\"url\":\"gopher://hooks.example.com/\",\"events\":[\"key.created\"]}",
                "{\"url\":\"https://hooks.example.com/" + tenKb + "\",\"events\":[\"key.created\"]}",
                "{\"url\":42,\"events\":[\"key.created\"]}", "{\"url\":\"https://hooks.example.com/x\",\"events\":[]}",
                "{\"url\":\"https://hooks.example.com/x\",\"events\":[\"key.*\"]}",
                "{\"url\":\"https://hooks.example.com/x\",\"events\":[null]}",
                "{\"url\":\"https://hooks.example.com/x\",\"events\":[\"key.created\"],\"active\":\"yes\"}")) {
            cases.add(new Case("POST", "webhooks", "application/json", body));
        }
        cases.add(new Case("POST", "leaks", "application/xml", "<keys/>"));
        for (String query : List.of("keys?limit=0", "keys?limit=-1", "keys?limit=201", "keys?limit=99999999999999",
                "keys?offset=-1", "keys?offset=99999999999", "keys?limit=ten", "keys?status=gone", "keys?q=" + "q".repeat(300),
                "users?limit=0", "users?offset=-3", "audit?limit=500", "audit?since=nope", "audit?type=everything",
                "notices?state=lost", "audit?since=%2B999999999-12-31T23:59:59-18:00", "audit?until=-999999999-01-01T00:00:00Z", "notices?limit=-1", "keys/" + keyId + "/events?limit=0")) {
            cases.add(new Case("GET", query, null, null));
        }
        for (String path : List.of("keys/00000000-0000-0000-0000-000000000000", "keys/not-a-uuid", "keys/%20",
                "keys/" + "a".repeat(2000), "users/00000000-0000-0000-0000-000000000000", "users/!!")) {
            cases.add(new Case("GET", path, null, null));
            cases.add(new Case("PATCH", path, "application/json", "{\"description\":\"x\",\"name\":\"x\"}"));
            cases.add(new Case("DELETE", path, null, null));
        }
        cases.add(new Case("POST", "keys/00000000-0000-0000-0000-000000000000/regenerate", "application/json", "{}"));
        cases.add(new Case("PUT", "keys/" + keyId, "application/json", "{}"));
        cases.add(new Case("DELETE", "users/" + userId, null, null));

        assertTrue(cases.size() > 150, "cases: " + cases.size());
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.label(), () -> {
            JsonObject before = snapshot(api, admin);
            Reply reply = api.send(c.method(), c.path(), admin, c.body(), c.contentType());
            assertTrue(reply.status() >= 400 && reply.status() < 500, reply.status() + " " + reply.body());
            assertTrue(reply.header("Content-Type").startsWith("application/problem+json"), reply.header("Content-Type"));
            assertNotNull(reply.code(), "a code");
            assertTrue(reply.code().matches("[a-z_]+"), "code " + reply.code());
            assertEquals(before, snapshot(api, admin), "bad input changed nothing");
        }));
    }

    /**
     * No body at all (no {@code Content-Type}, or JSON's with {@code Content-Length: 0}), which no server hands to
     * the body reader: 400 {@code body_required} everywhere a body is needed, and a regeneration's documented
     * default (no options) where an empty body means that. Asked as the operator, who may call every one of them.
     */
    @Test
    void aRequestWithNoBodyAtAllIsRefusedOrTakesTheDocumentedDefaults() {
        String userId = api.createUser(Api.uniqueEmail("bodiless"), PASSWORD, "token-manager");
        String keyId = api.createKey(Auth.admin(), "{\"description\":\"bodiless\",\"access\":\"read_write\"}").getString("id");
        List<String[]> endpoints = List.of(new String[] {"POST", "keys"}, new String[] {"POST", "users"},
                new String[] {"POST", "organizations"}, new String[] {"PATCH", "organization"},
                new String[] {"PATCH", "users/" + userId}, new String[] {"PATCH", "keys/" + keyId},
                new String[] {"POST", "keys/verify"});
        for (String[] endpoint : endpoints) {
            for (String contentType : java.util.Arrays.asList(null, "application/json")) {
                Reply reply = api.send(endpoint[0], endpoint[1], Auth.admin(), null, contentType);
                assertEquals(400, reply.status(), endpoint[0] + " " + endpoint[1] + " " + contentType + ": " + reply);
                assertEquals("body_required", reply.code(), endpoint[1]);
            }
        }
        assertEquals("bodiless", api.get("keys/" + keyId, Auth.admin()).data().getString("description"));
        Reply regenerated = api.send("POST", "keys/" + keyId + "/regenerate", Auth.admin(), null, null);
        assertEquals(200, regenerated.status(), regenerated.toString());
        assertTrue(regenerated.data().getString("api_key").startsWith("lk_"), "a new secret, with no options given");
    }

    /**
     * About 1,500 hostile requests under /api/: encoded traversal, paths outside the JAX-RS application,
     * methods nobody defines, broken credentials and bodies. Every answer is a 4xx problem document that
     * names no server product, or, for a path the servlet container must refuse, its own 400 that names none
     * either; none is a 5xx. (Requests the server's HTTP layer cannot decode at all, such
     * as a NUL in the path, never reach the application: see src/site/markdown/security.md.)
     */
    @Test
    void theContainerNeverAnswersForTheApplication() throws Exception {
        String context = url.getPath().endsWith("/") ? url.getPath() : url.getPath() + "/";
        String root = "http://127.0.0.1:" + url.getPort() + context;
        List<String> paths = List.of("api/v1/keys/..%2F..", "api/v1/keys/..%2f..%2f..%2fconsole", "api/v1/keys/%2e%2e/%2e%2e/x",
                "api/v1/%2e%2e/%2e%2e/WEB-INF/web.xml", "api/v1/keys/%252e%252e/x", "api/v1/keys/..;/..;/",
                "api/v1/keys;x=1", "api/v1/nothing-here", "api/v1/../x", "api/v1/../../console.html", "api/x",
                "api/", "api/v2/keys", "api/v1/keys/" + "%41".repeat(300), "api/v1/keys/%2F",
                "api/v1/keys/x%3Fy%23z", "api/v1/keys/" + "b".repeat(3000), "api/v1/users/%2e%2e%2f%2e%2e%2f", "api/v1/keys/x/y/z",
                "api/v1/keys/%20/regenerate", "api/v1/session/../keys", "api/v1/organization/x", "api/v1/audit/../../x",
                "api/v1/keys?limit=%25", "api/v1/keys?offset=1e400");
        List<String> methods = List.of("GET", "POST", "PUT", "PATCH", "DELETE", "PROPFIND", "FOO", "BREW", "LOCK");
        List<String[]> variants = List.of(new String[0],
                new String[] {"Authorization", "Bearer lk_bad"},
                new String[] {"Authorization", "Basic %%%"},
                new String[] {"X-API-Key", "x".repeat(500)},
                new String[] {"Authorization", "Digest username=\"x\""},
                new String[] {"Content-Type", "application/json"},
                new String[] {"Content-Type", "text/xml; charset=ebcdic"});
        // HTTP/1.1, and no body on GET or DELETE: a cleartext HTTP/2 upgrade, and a GET or DELETE with a body,
        // are refused by the server's HTTP layer before any application sees them (src/site/markdown/security.md)
        java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1).build();
        int requests = 0;
        List<String> wrong = new ArrayList<>();
        for (String path : paths) {
            for (String method : methods) {
                for (String[] headers : variants) {
                    java.net.http.HttpRequest.Builder request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(root + path))
                            .method(method, List.of("GET", "DELETE").contains(method)
                                    ? java.net.http.HttpRequest.BodyPublishers.noBody()
                                    : java.net.http.HttpRequest.BodyPublishers.ofString("{\"description\":"));
                    for (int i = 0; i < headers.length; i += 2) {
                        request.header(headers[i], headers[i + 1]);
                    }
                    request.header("X-Forwarded-For", "198.19." + (requests % 250) + ".1");
                    var response = http.send(request.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
                    requests++;
                    String label = method + " /" + path.substring(0, Math.min(60, path.length())) + " " + String.join(":", headers);
                    String type = response.headers().firstValue("Content-Type").orElse("");
                    boolean problem = response.statusCode() >= 400 && response.statusCode() < 500
                            && type.startsWith("application/problem+json") && response.body().contains("\"code\"");
                    boolean refusedByContainer = CONTAINER_REFUSES_SUSPICIOUS_PATHS && suspicious(path)
                            && response.statusCode() == 400;
                    if (!(problem || refusedByContainer)
                            || response.headers().firstValue("Server").isPresent()
                            || response.headers().firstValue("X-Powered-By").isPresent()
                            || PRODUCTS.stream().anyMatch(response.body()::contains)) {
                        wrong.add(label + " -> " + response.statusCode() + " " + type + " " + response.headers().map().keySet()
                                + " " + response.body().substring(0, Math.min(200, response.body().length())));
                    }
                }
            }
        }
        assertTrue(requests > 1_500, "requests: " + requests);
        assertEquals(List.of(), wrong, wrong.size() + " of " + requests + " answered by the container");
    }

    /**
     * A path with one of Jakarta Servlet 6.0's suspicious sequences (§3.5.2: an encoded slash, a {@code .} or
     * {@code ..} segment with a path parameter or an encoded character): the container must refuse it with 400
     * and may do so itself, before any application (Open Liberty does for a {@code ..;} segment).
     */
    private static boolean suspicious(String path) {
        String raw = path.split("\\?", 2)[0];
        if (raw.toLowerCase().contains("%2f")) {
            return true;
        }
        for (String segment : raw.split("/")) {
            String name = segment.split(";", 2)[0];
            String decoded = name.toLowerCase().replace("%2e", ".");
            if ((decoded.equals(".") || decoded.equals("..")) && (segment.contains(";") || name.contains("%"))) {
                return true;
            }
        }
        return false;
    }

    /** A refusal rolls its transaction back: what the request had changed before it is undone. */
    @Test
    void aRefusalUndoesWhatItsRequestChangedBeforeIt() {
        String email = Api.uniqueEmail("refused");
        String id = api.createUser(email, PASSWORD, "token-manager");
        Reply refused = api.send("PUT", "test-support/refused-rename?email=" + email + "&name=Renamed", Auth.NONE, null, null);
        assertEquals(409, refused.status(), refused.toString());
        assertEquals("refused_after_a_change", refused.code());
        assertEquals("Test user", api.get("users/" + id, Auth.admin()).data().getString("name"));
    }

    /** The organization's state as the API shows it, minus what requests themselves update (last use). */
    private static JsonObject snapshot(Api api, Auth admin) {
        return Json.createObjectBuilder()
                .add("keys", strip(api.get("keys?limit=200", admin).json().getJsonArray("data")))
                .add("users", api.get("users?limit=200", admin).json().getJsonArray("data"))
                .add("organization", api.get("organization", admin).data())
                .add("audit", api.get("audit?limit=200", admin).json().getJsonObject("pagination"))
                .add("webhooks", api.get("webhooks", admin).json().getJsonArray("data"))
                .build();
    }

    private static JsonArray strip(JsonArray keys) {
        JsonArrayBuilder out = Json.createArrayBuilder();
        for (JsonValue value : keys) {
            var key = Json.createObjectBuilder(value.asJsonObject());
            key.remove("last_used_at");
            key.remove("last_used_ip");
            out.add(key);
        }
        return out.build();
    }
}
