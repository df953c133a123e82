package io.latchkey.services;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.latchkey.testsupport.Api;
import io.latchkey.testsupport.Api.Auth;
import io.latchkey.testsupport.Api.Reply;
import io.latchkey.testsupport.DeployedLatchkey;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Services, the scopes they define and the keys that carry them: who may grant which, what forward-auth,
 * verify and introspection make of them, and that a change holds on the very next check.
 */
class ScopesIT extends DeployedLatchkey {

    private static final String PASSWORD = "scopes-password-1";
    private static final String ORDERS = "{\"name\":\"orders\",\"description\":\"Order service\",\"scopes\":["
            + "{\"name\":\"orders:read\",\"description\":\"Read orders\"},"
            + "{\"name\":\"orders:write\",\"description\":\"Place orders\",\"writes\":true}]}";

    Auth admin;
    String adminId;
    Auth manager;
    String managerId;
    String serviceId;

    @BeforeEach
    void setUp() {
        String adminEmail = Api.uniqueEmail("scopes-admin");
        api.createOrganization("Scopes " + UUID.randomUUID().toString().substring(0, 6), adminEmail, PASSWORD);
        admin = Auth.basic(adminEmail, PASSWORD);
        adminId = api.get("me", admin).data().getString("id");
        String managerEmail = Api.uniqueEmail("scopes-manager");
        managerId = api.createUser(admin, managerEmail, PASSWORD, "token-manager");
        manager = Auth.basic(managerEmail, PASSWORD);
        Reply created = api.post("services", admin, ORDERS);
        assertEquals(201, created.status(), created.toString());
        serviceId = created.data().getString("id");
    }

    private JsonObject key(Auth owner, String access, String... scopes) {
        return api.createKey(owner, Json.createObjectBuilder().add("description", "scoped").add("access", access)
                .add("scopes", Json.createArrayBuilder(List.of(scopes))).build().toString());
    }

    private Reply forward(String key, String query) {
        return api.send("GET", "auth/forward" + query, Auth.bearer(key), null, null, "X-Forwarded-Method", "POST");
    }

    private Reply forwardRead(String key, String query) {
        return api.send("GET", "auth/forward" + query, Auth.bearer(key), null, null, "X-Forwarded-Method", "GET");
    }

    private Reply introspect(Auth caller, String form) {
        return api.send("POST", "introspect", caller, form, "application/x-www-form-urlencoded");
    }

    private static String form(String token) {
        return "token=" + URLEncoder.encode(token, StandardCharsets.UTF_8) + "&token_type_hint=access_token";
    }

    private static List<String> strings(JsonObject object, String field) {
        return object.getJsonArray(field).getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
    }

    @Test
    void anAdminRegistersAServiceThatTokenManagersMayReadButNotChange() {
        Reply listed = api.get("services", manager);
        assertEquals(200, listed.status(), listed.toString());
        JsonObject orders = listed.json().getJsonArray("data").getJsonObject(0);
        assertEquals("orders", orders.getString("name"));
        assertEquals(List.of("orders:read", "orders:write"), orders.getJsonArray("scopes").stream()
                .map(s -> s.asJsonObject().getString("name")).toList());
        assertTrue(orders.getJsonArray("scopes").getJsonObject(1).getBoolean("writes"));
        assertFalse(orders.getBoolean("admins_only"));
        Reply refused = api.post("services", manager, ORDERS.replace("orders", "billing"));
        assertEquals(403, refused.status(), refused.toString());
        assertEquals("insufficient_role", refused.code());
        assertEquals(403, api.delete("services/" + serviceId, manager).status());
        Reply twice = api.post("services", admin, ORDERS);
        assertEquals(409, twice.status(), twice.toString());
        assertEquals("service_exists", twice.code());
        Reply audit = api.get("audit?type=service_created", admin);
        assertEquals(serviceId, audit.json().getJsonArray("data").getJsonObject(0).getJsonObject("details").getString("service_id"));
    }

    @Test
    void anotherOrganizationsAdminNeitherSeesNorChangesTheService() {
        String otherEmail = Api.uniqueEmail("other-admin");
        api.createOrganization("Other " + UUID.randomUUID().toString().substring(0, 6), otherEmail, PASSWORD);
        Auth other = Auth.basic(otherEmail, PASSWORD);
        assertEquals(0, api.get("services", other).json().getJsonArray("data").size());
        assertEquals(404, api.get("services/" + serviceId, other).status());
        assertEquals(404, api.patch("services/" + serviceId, other, "{\"admins_only\":true}").status());
        assertEquals(404, api.delete("services/" + serviceId, other).status());
        Reply borrowed = api.post("keys", other, "{\"description\":\"x\",\"access\":\"read_only\",\"scopes\":[\"orders:read\"]}");
        assertEquals(400, borrowed.status(), borrowed.toString());
        assertEquals("scope_unknown", borrowed.code(), "another organization's scopes are not this one's");
        assertFalse(api.get("services/" + serviceId, admin).data().getBoolean("admins_only"), "unchanged");
    }

    @TestFactory
    Stream<DynamicTest> badServiceDefinitionsAreRefusedAndChangeNothing() {
        record Case(String name, String body, int status) {
        }
        return Stream.of(
                new Case("name with upper case", "{\"name\":\"Billing\"}", 400),
                new Case("name with a colon", "{\"name\":\"bill:ing\"}", 400),
                new Case("no name", "{\"scopes\":[]}", 400),
                new Case("scope of another service", "{\"name\":\"billing\",\"scopes\":[{\"name\":\"orders:pay\"}]}", 400),
                new Case("scope without action", "{\"name\":\"billing\",\"scopes\":[{\"name\":\"billing:\"}]}", 400),
                new Case("scope twice", "{\"name\":\"billing\",\"scopes\":[{\"name\":\"billing:pay\"},{\"name\":\"billing:pay\"}]}", 400),
                new Case("unknown field in a scope", "{\"name\":\"billing\",\"scopes\":[{\"name\":\"billing:pay\",\"admin\":true}]}", 400),
                new Case("scope as a string", "{\"name\":\"billing\",\"scopes\":[\"billing:pay\"]}", 400),
                new Case("null scope", "{\"name\":\"billing\",\"scopes\":[null]}", 400)
        ).map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            Reply reply = api.post("services", admin, c.body());
            assertEquals(c.status(), reply.status(), reply.toString());
            assertEquals(1, api.get("services", admin).json().getJsonArray("data").size(), "nothing was registered");
        }));
    }

    @Test
    void aKeyCarriesOnlyScopesItsOwnerMayGrant() {
        Reply unknown = api.post("keys", manager, "{\"description\":\"x\",\"access\":\"read_write\",\"scopes\":[\"orders:delete\"]}");
        assertEquals(400, unknown.status(), unknown.toString());
        assertEquals("scope_unknown", unknown.code());
        Reply writing = api.post("keys", manager, "{\"description\":\"x\",\"access\":\"read_only\",\"scopes\":[\"orders:write\"]}");
        assertEquals(400, writing.status(), writing.toString());
        assertEquals("scope_needs_read_write", writing.code());
        Reply malformed = api.post("keys", manager, "{\"description\":\"x\",\"scopes\":[\"Orders Read\"]}");
        assertEquals(400, malformed.status(), malformed.toString());

        JsonObject reader = key(manager, "read_only", "orders:read");
        assertEquals(List.of("orders:read"), strings(reader, "scopes"));
        assertEquals(List.of("orders:read"), strings(api.get("keys/" + reader.getString("id"), manager).data(), "scopes"));
        Reply downgraded = api.patch("keys/" + key(manager, "read_write", "orders:write").getString("id"), manager,
                "{\"access\":\"read_only\"}");
        assertEquals(400, downgraded.status(), downgraded.toString());
        assertEquals("scope_needs_read_write", downgraded.code());

        assertEquals(200, api.patch("services/" + serviceId, admin, "{\"admins_only\":true}").status());
        Reply notGrantable = api.post("keys", manager, "{\"description\":\"x\",\"access\":\"read_only\",\"scopes\":[\"orders:read\"]}");
        assertEquals(403, notGrantable.status(), notGrantable.toString());
        assertEquals("scope_not_grantable", notGrantable.code());
        Reply forManager = api.post("keys", admin, "{\"description\":\"x\",\"access\":\"read_only\",\"owner_id\":\"" + managerId
                + "\",\"scopes\":[\"orders:read\"]}");
        assertEquals(403, forManager.status(), "an admin cannot grant it to a token manager's key either: " + forManager);
        assertEquals(List.of("orders:read", "orders:write"), strings(key(admin, "read_write", "orders:read", "orders:write"), "scopes"));
        assertEquals(List.of("orders:read"), strings(api.get("keys/" + reader.getString("id"), manager).data(), "scopes"),
                "a key made before stays as it was until its scopes are changed");
    }

    @Test
    void forwardAuthLetsAKeyPassOnlyWithTheScopesTheRouteNeeds() {
        String writer = key(manager, "read_write", "orders:read", "orders:write").getString("api_key");
        Reply passed = forward(writer, "?scope=orders:write");
        assertEquals(200, passed.status(), passed.toString());
        assertEquals("orders:read orders:write", passed.header("X-Latchkey-Scopes"));
        assertEquals(200, forward(writer, "?scope=orders:read&scope=orders:write").status());
        assertEquals(200, forward(writer, "?scope=orders:read%20orders:write").status());

        String reader = key(manager, "read_write", "orders:read").getString("api_key");
        Reply refused = forward(reader, "?scope=orders:write");
        assertEquals(403, refused.status(), refused.toString());
        assertEquals("insufficient_scope", refused.code());
        assertEquals("Bearer realm=\"latchkey\", error=\"insufficient_scope\", scope=\"orders:write\"",
                refused.header("WWW-Authenticate"));
        assertNull(refused.header("X-Latchkey-User-Id"));
        assertEquals(403, forward(reader, "?scope=orders:read&scope=orders:write").status(), "every scope named is needed");

        String plain = api.createKey(manager, "{\"description\":\"plain\",\"access\":\"read_write\"}").getString("api_key");
        assertEquals(403, forward(plain, "?scope=orders:read").status(), "a key without scopes passes no route that needs one");
        Reply unscoped = forward(plain, "");
        assertEquals(200, unscoped.status(), "and every route that needs none, as before: " + unscoped);
        assertNull(unscoped.header("X-Latchkey-Scopes"));
        for (String bad : List.of("?scope=ORDERS", "?scope=orders", "?scope=" + "a:b%20".repeat(21))) {
            Reply reply = forward(writer, bad);
            assertEquals(400, reply.status(), bad + " " + reply);
        }
    }

    @Test
    void aScopeTakenFromAKeyOrFromItsServiceIsRefusedOnTheVeryNextCheck() {
        JsonObject created = key(manager, "read_write", "orders:read", "orders:write");
        String secret = created.getString("api_key");
        String id = created.getString("id");
        assertEquals(200, forward(secret, "?scope=orders:write").status(), "warm: the key is now in memory");
        Reply edited = api.patch("keys/" + id, manager, "{\"scopes\":[\"orders:read\"]}");
        assertEquals(200, edited.status(), edited.toString());
        assertEquals(403, forward(secret, "?scope=orders:write").status());
        assertEquals(200, forward(secret, "?scope=orders:read").status());

        Reply withdrawn = api.patch("services/" + serviceId, admin,
                "{\"scopes\":[{\"name\":\"orders:write\",\"writes\":true},{\"name\":\"orders:list\"}]}");
        assertEquals(200, withdrawn.status(), withdrawn.toString());
        assertEquals(403, forward(secret, "?scope=orders:read").status(), "the service no longer defines orders:read");
        assertEquals(List.of(), strings(api.get("keys/" + id, manager).data(), "scopes"));
        JsonObject event = api.get("keys/" + id + "/events", manager).json().getJsonArray("data").getJsonObject(0);
        assertEquals("edited", event.getString("type"));
        assertEquals("scope_withdrawn", event.getJsonObject("details").getString("reason"));
        assertEquals(adminId, event.getString("actor_id"), "the admin who changed the service: " + event);

        JsonObject lister = key(manager, "read_only", "orders:list");
        assertEquals(200, forwardRead(lister.getString("api_key"), "?scope=orders:list").status());
        assertEquals(200, api.patch("services/" + serviceId, admin,
                "{\"scopes\":[{\"name\":\"orders:write\",\"writes\":true},{\"name\":\"orders:list\",\"writes\":true}]}").status());
        assertEquals(403, forwardRead(lister.getString("api_key"), "?scope=orders:list").status(),
                "a scope that starts to write leaves every read-only key");
        JsonObject writer = key(manager, "read_write", "orders:write");
        assertEquals(204, api.delete("services/" + serviceId, admin).status());
        assertEquals(403, forward(writer.getString("api_key"), "?scope=orders:write").status());
        assertEquals(List.of(), strings(api.get("keys/" + writer.getString("id"), manager).data(), "scopes"));
        assertEquals(404, api.get("services/" + serviceId, admin).status());
    }

    @Test
    void anOwnerWhoIsNoLongerAnAdminLosesTheScopesOfAdminsOnlyServices() {
        String secondAdmin = api.createUser(admin, Api.uniqueEmail("second-admin"), PASSWORD, "admin");
        assertEquals(200, api.patch("services/" + serviceId, admin, "{\"admins_only\":true}").status());
        JsonObject created = api.createKey(admin, Json.createObjectBuilder().add("description", "ops").add("access", "read_write")
                .add("owner_id", secondAdmin).add("scopes", Json.createArrayBuilder().add("orders:write")).build().toString());
        assertEquals(200, forward(created.getString("api_key"), "?scope=orders:write").status());
        assertEquals(200, api.patch("users/" + secondAdmin, admin, "{\"roles\":[\"token-manager\"]}").status());
        assertEquals(403, forward(created.getString("api_key"), "?scope=orders:write").status());
        assertEquals(List.of(), strings(api.get("keys/" + created.getString("id"), admin).data(), "scopes"));
    }

    @Test
    void aKeyWithScopesIsForTheServicesAndReachesOnlyMeOfLatchkeysOwnApi() {
        Auth scoped = Auth.bearer(key(admin, "read_write", "orders:write").getString("api_key"));
        assertEquals(200, api.get("me", scoped).status());
        for (Reply reply : List.of(api.get("keys", scoped), api.get("users", scoped), api.get("services", scoped),
                api.post("keys", scoped, "{\"description\":\"minted\",\"access\":\"read_write\"}"),
                api.post("keys/verify", scoped, "{\"key\":\"lk_x\"}"))) {
            assertEquals(403, reply.status(), reply.toString());
            assertEquals("key_scoped", reply.code());
        }
        assertEquals(0, api.get("keys?q=minted", admin).json().getJsonArray("data").size(), "nothing was made");
    }

    @Test
    void verifyReportsAKeysScopesAndAnswersWhetherItCarriesOne() {
        String verifierId = api.createUser(admin, Api.uniqueEmail("backend"), PASSWORD, "verifier");
        Auth verifier = Auth.bearer(api.createKey(admin, "{\"description\":\"backend\",\"access\":\"read_only\",\"owner_id\":\""
                + verifierId + "\"}").getString("api_key"));
        String secret = key(manager, "read_write", "orders:read").getString("api_key");
        Reply plain = api.post("keys/verify", verifier, Json.createObjectBuilder().add("key", secret).build().toString());
        assertTrue(plain.data().getBoolean("valid"), plain.toString());
        assertEquals(List.of("orders:read"), strings(plain.data(), "scopes"));
        Reply carried = api.post("keys/verify", verifier, Json.createObjectBuilder().add("key", secret).add("scope", "orders:read")
                .build().toString());
        assertTrue(carried.data().getBoolean("valid"), carried.toString());
        Reply lacking = api.post("keys/verify", verifier, Json.createObjectBuilder().add("key", secret).add("scope", "orders:write")
                .build().toString());
        assertEquals(200, lacking.status());
        assertFalse(lacking.data().getBoolean("valid"));
        assertEquals("insufficient_scope", lacking.data().getString("code"));
        assertFalse(lacking.data().containsKey("owner"), "a refused key is not described: " + lacking);
        assertEquals(400, api.post("keys/verify", verifier, Json.createObjectBuilder().add("key", secret).add("scope", "x y")
                .build().toString()).status());
    }

    @Test
    void introspectionAnswersAsRfc7662SaysFromTheSameCheckAsForwardAuth() {
        String verifierId = api.createUser(admin, Api.uniqueEmail("introspector"), PASSWORD, "verifier");
        JsonObject verifierKey = api.createKey(admin, "{\"description\":\"elytron\",\"access\":\"read_only\",\"owner_id\":\""
                + verifierId + "\"}");
        Auth client = Auth.basic(verifierKey.getString("id"), verifierKey.getString("api_key"));
        JsonObject created = key(manager, "read_write", "orders:read", "orders:write");
        String secret = created.getString("api_key");

        Reply active = introspect(client, form(secret));
        assertEquals(200, active.status(), active.toString());
        JsonObject answer = active.json();
        assertTrue(answer.getBoolean("active"), answer.toString());
        assertFalse(answer.containsKey("data"), "not enveloped");
        assertEquals("orders:read orders:write", answer.getString("scope"));
        assertEquals(List.of("orders:read", "orders:write"), strings(answer, "scopes"));
        assertEquals(created.getString("id"), answer.getString("client_id"));
        assertEquals(managerId, answer.getString("sub"));
        assertEquals(api.get("me", manager).data().getString("email"), answer.getString("username"));
        assertEquals(java.time.Instant.parse(created.getString("expires_at")).getEpochSecond(), answer.getJsonNumber("exp").longValue());
        assertTrue(answer.getJsonNumber("iat").longValue() <= answer.getJsonNumber("exp").longValue());
        assertEquals("Bearer", answer.getString("token_type"));
        assertTrue(active.header("Cache-Control").contains("no-store"));

        assertEquals(200, api.delete("keys/" + created.getString("id"), manager).status());
        Reply revoked = introspect(client, form(secret));
        assertEquals(200, revoked.status());
        assertEquals(Json.createObjectBuilder().add("active", false).build(), revoked.json(), "nothing else when inactive");
        for (String other : List.of("garbage", Api.mistyped(secret), "lk_" + "a".repeat(40))) {
            assertEquals(Json.createObjectBuilder().add("active", false).build(), introspect(client, form(other)).json(), other);
        }
        String foreignEmail = Api.uniqueEmail("foreign");
        api.createOrganization("Foreign " + UUID.randomUUID().toString().substring(0, 6), foreignEmail, PASSWORD);
        String foreign = api.createKey(Auth.basic(foreignEmail, PASSWORD), "{\"description\":\"f\",\"access\":\"read_only\"}")
                .getString("api_key");
        assertFalse(introspect(client, form(foreign)).json().getBoolean("active"), "another organization's key");

        assertEquals(400, introspect(client, "token_type_hint=access_token").status(), "no token");
        assertEquals(403, introspect(Auth.basic("x", key(manager, "read_only", "orders:read").getString("api_key")), form(secret))
                .status(), "a scoped key is no introspection client");
        assertEquals(403, introspect(manager, form(secret)).status(), "a token manager is no verifier");
        assertEquals(401, introspect(Auth.NONE, form(secret)).status());
        assertEquals(401, introspect(Auth.basic("x", Api.mistyped(verifierKey.getString("api_key"))), form(secret)).status());
    }

    @Test
    void aKeyWithScopesIsCheckedFromMemoryWithoutSql() {
        Auth scoped = Auth.bearer(key(manager, "read_write", "orders:read").getString("api_key"));
        String first = "scoped-first-" + UUID.randomUUID();
        assertEquals(200, api.send("GET", "auth/forward?scope=orders:read", scoped, null, null, "X-Test-Sql-Probe", first,
                "X-Forwarded-Method", "GET").status());
        assertTrue(api.sqlStatements(first) > 0, "the first check reads the key (positive control)");
        String again = "scoped-again-" + UUID.randomUUID();
        for (int i = 0; i < 20; i++) {
            assertEquals(200, api.send("GET", "auth/forward?scope=orders:read", scoped, null, null, "X-Test-Sql-Probe", again,
                    "X-Forwarded-Method", "GET").status());
        }
        assertEquals(0, api.sqlStatements(again), "later checks with a scope are answered from memory");
        assertTrue(JsonValue.ValueType.OBJECT == api.get("me", scoped).json().getValueType());
    }
}
