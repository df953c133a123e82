package io.latchkey.audit;

import static io.latchkey.testsupport.Eventually.poll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.latchkey.testsupport.Api;
import io.latchkey.testsupport.DeployedLatchkey;
import io.latchkey.testsupport.Api.Auth;
import io.latchkey.testsupport.Api.Reply;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Organization policy, the audit trail, last use, the operator, response hygiene and throttling. */
class GovernanceIT extends DeployedLatchkey {

    private static final String PASSWORD = "governance-pass-1";

    Auth orgAdmin;
    Auth manager;
    String managerId;

    /** Every test gets an organization of its own, so policy changes stay in it. */
    @BeforeEach
    void setUp() {
        String adminEmail = Api.uniqueEmail("org-admin");
        api.createOrganization("Org " + UUID.randomUUID().toString().substring(0, 6), adminEmail, PASSWORD);
        orgAdmin = Auth.basic(adminEmail, PASSWORD);
        String email = Api.uniqueEmail("manager");
        managerId = api.createUser(orgAdmin, email, PASSWORD, "token-manager");
        manager = Auth.bearer(api.createKey(Auth.basic(email, PASSWORD),
                "{\"description\":\"manager\",\"access\":\"read_write\",\"expires_in_days\":365}").getString("api_key"));
    }

    @Test
    void adminsSetTheKeyPolicyAndItGovernsNewKeysOnly() {
        JsonObject before = api.get("organization", orgAdmin).data();
        assertEquals(365, before.getInt("max_key_lifetime_days"));
        assertEquals(180, before.getInt("default_key_lifetime_days"));
        assertEquals(100, before.getInt("max_keys_per_user"));
        JsonObject longLived = api.createKey(manager, "{\"description\":\"long\",\"expires_in_days\":300}");

        Reply changed = api.patch("organization", orgAdmin,
                "{\"name\":\"Renamed\",\"max_key_lifetime_days\":90,\"default_key_lifetime_days\":30,\"max_keys_per_user\":3}");
        assertEquals(200, changed.status(), changed.toString());
        assertEquals("Renamed", changed.data().getString("name"));
        assertEquals(90, api.get("organization", orgAdmin).data().getInt("max_key_lifetime_days"));

        Reply tooLong = api.post("keys", manager, "{\"description\":\"x\",\"expires_in_days\":91}");
        assertEquals(400, tooLong.status());
        JsonObject fresh = api.createKey(manager, "{\"description\":\"default\"}");
        assertEquals(Duration.ofDays(30), Duration.between(Instant.parse(fresh.getString("created_at")),
                Instant.parse(fresh.getString("expires_at"))));
        assertEquals(longLived.getString("expires_at"),
                api.get("keys/" + longLived.getString("id"), manager).data().getString("expires_at"),
                "lowering the maximum never shortens an existing key");
        Reply limit = api.post("keys", manager, "{\"description\":\"fourth\"}");
        assertEquals(409, limit.status());
        assertEquals("key_limit_reached", limit.code());
        Instant asked = Instant.now();
        Reply regenerated = api.post("keys/" + longLived.getString("id") + "/regenerate", manager, "{}");
        Instant answered = Instant.now();
        assertEquals(200, regenerated.status());
        Api.assertExpiresAfter(Duration.ofDays(90), asked, answered, regenerated.data().getString("expires_at"),
                "a regeneration is held to the new maximum");

        for (String bad : List.of("{\"max_key_lifetime_days\":366}", "{\"max_key_lifetime_days\":0}",
                "{\"default_key_lifetime_days\":120}", "{\"max_keys_per_user\":0}", "{}", "{\"name\":\"\"}",
                "{\"max_key_lifetime_days\":\"90\"}", "{\"colour\":\"red\"}")) {
            Reply reply = api.patch("organization", orgAdmin, bad);
            assertEquals(400, reply.status(), bad + " -> " + reply);
        }
        assertEquals(changed.data(), api.get("organization", orgAdmin).data(), "bad input changed nothing");
        assertEquals(403, api.get("organization", manager).status());
    }

    @Test
    void everyLifecycleEventIsRecordedWithActorClientAndChanges() throws InterruptedException {
        JsonObject key = api.createKey(manager, "{\"description\":\"audited\",\"access\":\"read_write\"}");
        String id = key.getString("id");
        api.patch("keys/" + id, manager, "{\"description\":\"audited 2\",\"access\":\"read_only\"}");
        String secret = api.post("keys/" + id + "/regenerate", manager, "{}").data().getString("api_key");
        api.delete("keys/" + id, manager);

        List<JsonObject> events = api.get("keys/" + id + "/events", manager).json().getJsonArray("data").stream()
                .map(JsonValue::asJsonObject).toList();
        assertEquals(List.of("revoked", "regenerated", "edited", "created"), events.stream().map(e -> e.getString("type")).toList());
        for (JsonObject event : events) {
            assertEquals(managerId, event.getString("actor_id"));
            assertEquals("127.0.0.1", event.getString("client_ip"));
            assertTrue(event.getString("user_agent").startsWith("Java-http-client"), event.toString());
        }
        JsonObject edited = events.get(2).getJsonObject("details");
        assertEquals("audited", edited.getJsonObject("description").getString("before"));
        assertEquals("audited 2", edited.getJsonObject("description").getString("after"));
        assertEquals("read_write", edited.getJsonObject("access").getString("before"));
        assertEquals("read_only", edited.getJsonObject("access").getString("after"));

        Auth dead = Auth.bearer(secret);
        for (int i = 0; i < 5; i++) {
            assertEquals(401, api.getWithHeaders("me", "Authorization", "Bearer " + secret,
                    "X-Forwarded-For", "198.51.100.23").status());
        }
        assertEquals(401, api.get("me", dead).status());
        poll(() -> api.aggregatedUses(orgAdmin, "revoked_key_used", id, "198.51.100.23") == 5 ? true : null);
        JsonObject aggregated = api.get("audit?type=revoked_key_used&key_id=" + id, orgAdmin).json()
                .getJsonArray("data").stream().map(JsonValue::asJsonObject)
                .filter(e -> e.getString("client_ip").equals("198.51.100.23")).findFirst().orElseThrow();
        assertTrue(Api.isNull(aggregated, "actor_id"));

        Reply byActor = api.get("audit?actor_id=" + managerId + "&key_id=" + id, orgAdmin);
        assertEquals(4, byActor.json().getJsonObject("pagination").getInt("total"));
        String since = Instant.now().plusSeconds(3600).toString();
        assertEquals(0, api.get("audit?since=" + since, orgAdmin).json().getJsonObject("pagination").getInt("total"));
        Reply created = api.get("audit?type=created&key_id=" + id + "&until=" + since, orgAdmin);
        assertEquals(1, created.json().getJsonObject("pagination").getInt("total"));
        assertEquals("audited", created.json().getJsonArray("data").getJsonObject(0).getJsonObject("details").getString("description"));
        for (String bad : List.of("type=deleted", "since=yesterday", "until=2020-01-01T00:00:00Z&since=2021-01-01T00:00:00Z", "limit=0")) {
            assertEquals(400, api.get("audit?" + bad, orgAdmin).status(), bad);
        }
        assertEquals(403, api.get("audit", manager).status());
        String all = api.get("audit?limit=200", orgAdmin).body();
        assertFalse(all.contains(key.getString("api_key").substring(3)), "no secret in the audit trail");
        assertFalse(all.contains(secret.substring(3)), "no secret in the audit trail");
    }

    @Test
    void deadKeyUsesAreCountedPerClientAsTheThrottleCountsThemAndAFloodAddsNoRows() {
        JsonObject key = api.createKey(manager, "{\"description\":\"flooded\"}");
        String id = key.getString("id");
        String secret = "Bearer " + key.getString("api_key");
        assertEquals(200, api.delete("keys/" + id, manager).status());

        for (String sameSlash64 : List.of("2001:db8:77:1::1", "2001:db8:77:1:ffff::2")) {
            assertEquals(401, api.getWithHeaders("me", "Authorization", secret, "X-Forwarded-For", sameSlash64).status());
        }
        String hammering = Api.freshAddress();
        int refused = 0;
        int throttled = 0;
        for (int i = 0; i < 60; i++) {
            int status = api.getWithHeaders("me", "Authorization", secret, "X-Forwarded-For", hammering).status();
            refused += status == 401 ? 1 : 0;
            throttled += status == 429 ? 1 : 0;
        }
        assertTrue(throttled > 0, "the throttle stops one address (positive control)");
        for (int i = 0; i < 110; i++) {
            assertEquals(401, api.getWithHeaders("me", "Authorization", secret, "X-Forwarded-For", Api.freshAddress()).status());
        }
        int recorded = 2 + refused + 110;
        List<JsonObject> rows = poll(() -> {
            List<JsonObject> found = api.get("audit?type=revoked_key_used&limit=200&key_id=" + id, orgAdmin).json()
                    .getJsonArray("data").stream().map(JsonValue::asJsonObject).toList();
            return found.stream().mapToInt(e -> e.getInt("count")).sum() == recorded ? found : null;
        });
        Map<String, Integer> counts = rows.stream().collect(Collectors.toMap(e -> e.getString("client_ip"), e -> e.getInt("count")));
        assertEquals(2, counts.get("2001:db8:77:1::/64"), "one IPv6 client is its /64, as the throttle counts it");
        assertEquals(refused, counts.get(hammering), "a throttled request is not recorded");
        assertEquals(101, rows.size(), "a hundred clients' rows an hour, then one for the others: " + counts.keySet());
        assertEquals(12, counts.get("other"));
    }

    @Test
    void userAndPolicyChangesAreAuditedWithBeforeAndAfter() {
        String email = Api.uniqueEmail("audited");
        String userId = api.createUser(orgAdmin, email, PASSWORD, "member");
        Reply changed = api.patch("users/" + userId, orgAdmin,
                "{\"name\":\"Renamed\",\"roles\":[\"member\",\"token-manager\"],\"active\":false,\"password\":\"a-new-password-1\"}");
        assertEquals(200, changed.status(), changed.toString());
        assertEquals(200, api.patch("organization", orgAdmin, "{\"max_keys_per_user\":7,\"name\":\"Audited org\"}").status());

        JsonObject created = only(api.get("audit?type=user_created&limit=200", orgAdmin), "user_id", userId);
        assertEquals(email, created.getJsonObject("details").getString("email"));
        assertEquals("password", created.getString("auth_method"));

        JsonObject details = only(api.get("audit?type=user_changed", orgAdmin), "user_id", userId).getJsonObject("details");
        assertEquals("Test user", details.getJsonObject("name").getString("before"));
        assertEquals("Renamed", details.getJsonObject("name").getString("after"));
        assertEquals(List.of("member"), strings(details.getJsonObject("roles").getJsonArray("before")));
        assertEquals(List.of("member", "token-manager"), strings(details.getJsonObject("roles").getJsonArray("after")));
        assertEquals(true, details.getJsonObject("active").getBoolean("before"));
        assertEquals(false, details.getJsonObject("active").getBoolean("after"));
        assertEquals("changed", details.getString("password"), "a password change is named, never shown");
        assertFalse(api.get("audit?limit=200", orgAdmin).body().contains("a-new-password-1"));

        JsonObject policy = api.get("audit?type=policy_changed", orgAdmin).json().getJsonArray("data").getJsonObject(0);
        assertEquals(100, policy.getJsonObject("details").getJsonObject("max_keys_per_user").getInt("before"));
        assertEquals(7, policy.getJsonObject("details").getJsonObject("max_keys_per_user").getInt("after"));
        assertEquals("Audited org", policy.getJsonObject("details").getJsonObject("name").getString("after"));
        assertFalse(policy.getJsonObject("details").containsKey("max_key_lifetime_days"), "only what changed");

        JsonObject organization = api.get("audit?type=organization_created", orgAdmin).json().getJsonArray("data").getJsonObject(0);
        assertEquals(api.get("organization", orgAdmin).data().getString("id"),
                organization.getJsonObject("details").getString("organization_id"));
        assertEquals(api.get("me", Auth.admin()).data().getString("id"), organization.getString("actor_id"),
                "the operator created it");
    }

    private static JsonObject only(Reply page, String field, String value) {
        List<JsonObject> matches = page.json().getJsonArray("data").getValuesAs(JsonObject.class).stream()
                .filter(event -> value.equals(event.getString(field, null))).toList();
        assertEquals(1, matches.size(), page.toString());
        return matches.get(0);
    }

    private static List<String> strings(jakarta.json.JsonArray array) {
        return array.getValuesAs(jakarta.json.JsonString.class).stream().map(jakarta.json.JsonString::getString).toList();
    }

    @Test
    void lastUseRecordsTheClientAddress() {
        JsonObject key = api.createKey(manager, "{\"description\":\"where from\"}");
        assertEquals(200, api.getWithHeaders("me", "X-API-Key", key.getString("api_key"), "X-Forwarded-For", "192.0.2.44").status());
        JsonObject used = poll(() -> {
            JsonObject seen = api.get("keys/" + key.getString("id"), manager).data();
            return Api.isNull(seen, "last_used_ip") ? null : seen;
        });
        assertEquals("192.0.2.44", used.getString("last_used_ip"));
    }

    @Test
    void onlyTheOperatorCreatesOrganizationsAndGrantsTheOperatorRole() {
        Reply byAdmin = api.post("organizations", orgAdmin,
                "{\"name\":\"Nope\",\"admin\":{\"email\":\"" + Api.uniqueEmail("x") + "\",\"name\":\"x\",\"password\":\"" + PASSWORD + "\"}}");
        assertEquals(403, byAdmin.status());
        assertEquals("insufficient_role", byAdmin.code());
        String otherId = api.createUser(orgAdmin, Api.uniqueEmail("promote"), PASSWORD, "member");
        assertEquals(403, api.patch("users/" + otherId, orgAdmin, "{\"roles\":[\"operator\"]}").status());
        assertTrue(api.get("me", Auth.admin()).data().getJsonArray("roles").toString().contains("operator"));

        String operatorId = api.get("me", Auth.admin()).data().getString("id");
        String coAdminEmail = Api.uniqueEmail("co-admin");
        api.createUser(Auth.admin(), coAdminEmail, PASSWORD, "admin");
        Auth coAdmin = Auth.basic(coAdminEmail, PASSWORD);
        for (String change : List.of("{\"password\":\"taken-over-password\"}", "{\"active\":false}", "{\"name\":\"Mallory\"}")) {
            Reply reply = api.patch("users/" + operatorId, coAdmin, change);
            assertEquals(403, reply.status(), change + " -> " + reply);
        }
        assertEquals(200, api.get("me", Auth.admin()).status(), "the operator's account is untouched");

        for (String bad : List.of("{}", "{\"name\":\"x\"}", "{\"name\":\"x\",\"admin\":\"bob\"}",
                "{\"name\":\"x\",\"admin\":{\"email\":\"bad\",\"name\":\"x\",\"password\":\"" + PASSWORD + "\"}}",
                "{\"name\":\"x\",\"admin\":{\"email\":\"a@b.co\",\"name\":\"x\",\"password\":\"short\"}}",
                "{\"name\":\"x\",\"admin\":{\"email\":\"a@b.co\",\"name\":\"x\",\"password\":\"" + PASSWORD + "\",\"role\":\"root\"}}")) {
            Reply reply = api.post("organizations", Auth.admin(), bad);
            assertEquals(400, reply.status(), bad + " -> " + reply);
        }
    }

    @Test
    void responsesAreHygienic() {
        JsonObject key = api.createKey(manager, "{\"description\":\"hygiene\"}");
        for (String path : List.of("me?api_key=" + key.getString("api_key"), "keys?q=" + key.getString("api_key"),
                "me?access_token=whatever", "me?x=" + key.getString("api_key").replace("_", "%5F"))) {
            Reply reply = api.get(path, manager);
            assertEquals(400, reply.status(), path + " -> " + reply);
            assertEquals("key_in_query", reply.code());
        }
        Reply ok = api.get("keys", manager);
        assertEquals("nosniff", ok.header("X-Content-Type-Options"));
        assertEquals("nosniff", api.get("keys/nope", manager).header("X-Content-Type-Options"));
        assertEquals("nosniff", api.get("me", Auth.bearer("lk_nope")).header("X-Content-Type-Options"));
        Reply created = api.post("keys", manager, "{\"description\":\"cache\"}");
        assertTrue(created.header("Cache-Control").contains("no-store"));
    }

    @Test
    void failedAuthenticationsAreThrottledPerClient() {
        String attacker = "203.0.113." + (10 + (int) (Math.random() * 200));
        String bystander = "203.0.113.5";
        String valid = "Bearer " + api.createKey(manager, "{\"description\":\"valid\"}").getString("api_key");
        for (int i = 1; i <= 50; i++) {
            Reply reply = api.getWithHeaders("me", "Authorization", "Bearer lk_wrong" + i, "X-Forwarded-For", attacker);
            assertEquals(401, reply.status(), "attempt " + i + ": " + reply);
        }
        Reply refused = api.getWithHeaders("me", "Authorization", "Bearer lk_wrong51", "X-Forwarded-For", attacker);
        assertEquals(429, refused.status(), refused.toString());
        assertEquals("too_many_failed_attempts", refused.code());
        int retryAfter = Integer.parseInt(refused.header("Retry-After"));
        assertTrue(retryAfter >= 1 && retryAfter <= 60, "Retry-After " + retryAfter);
        assertEquals(200, api.getWithHeaders("me", "Authorization", valid, "X-Forwarded-For", attacker).status(),
                "a valid key is served whatever else failed from its address");

        assertEquals(401, api.getWithHeaders("me", "Authorization", "Bearer lk_wrong", "X-Forwarded-For", bystander).status());
        assertEquals(200, api.get("me", manager).status(), "the proxy itself is another client");

        api.moveClock(Duration.ofSeconds(retryAfter + 1));
        try {
            assertEquals(401, api.getWithHeaders("me", "Authorization", "Bearer lk_wrong", "X-Forwarded-For", attacker).status(),
                    "the window ended");
        } finally {
            api.moveClock(Duration.ZERO);
        }
    }
}
