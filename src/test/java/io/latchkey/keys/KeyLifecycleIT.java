package io.latchkey.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.latchkey.testsupport.Api;
import io.latchkey.testsupport.DeployedLatchkey;
import io.latchkey.testsupport.Api.Auth;
import io.latchkey.testsupport.Api.Reply;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The key lifecycle through the JSON API: create, list and search, read, edit, regenerate, revoke. */
class KeyLifecycleIT extends DeployedLatchkey {

    private static final String PASSWORD = "manager-password-1";

    Auth manager;
    String managerId;

    @BeforeEach
    void setUp() {
        String email = Api.uniqueEmail("manager");
        managerId = api.createUser(email, PASSWORD, "token-manager");
        manager = Auth.basic(email, PASSWORD);
    }

    @Test
    void creationShowsTheSecretOnceAndStoresAMaskedKey() {
        Reply created = api.post("keys", manager, "{\"description\":\"  Deploy bot  \",\"access\":\"read_write\",\"expires_in_days\":30}");
        assertEquals(201, created.status(), created.toString());
        JsonObject key = created.data();
        String secret = key.getString("api_key");
        assertTrue(secret.matches("lk_[0-9A-Za-z]{38}"), secret);
        assertEquals("Deploy bot", key.getString("description"));
        assertEquals("read_write", key.getString("access"));
        assertEquals("active", key.getString("status"));
        assertEquals("lk_****************" + secret.substring(secret.length() - 4), key.getString("masked_key"));
        assertEquals(managerId, key.getJsonObject("owner").getString("id"));
        assertEquals(managerId, key.getJsonObject("created_by").getString("id"));
        assertTrue(Api.isNull(key, "last_used_at"));
        assertTrue(Api.isNull(key, "revoked_at"));
        Duration lifetime = Duration.between(Instant.parse(key.getString("created_at")), Instant.parse(key.getString("expires_at")));
        assertEquals(Duration.ofDays(30), lifetime);
        assertTrue(created.header("Location").endsWith("/api/v1/keys/" + key.getString("id")));
        assertTrue(created.header("Cache-Control").contains("no-store"));
        assertNotNull(created.json().getString("request_id"));
        assertNotNull(created.json().getString("timestamp"));

        Reply read = api.get("keys/" + key.getString("id"), manager);
        assertEquals(200, read.status());
        assertFalse(read.data().containsKey("api_key"));
        assertFalse(read.body().contains(secret));
        assertEquals(key.getString("masked_key"), read.data().getString("masked_key"));
    }

    @Test
    void defaultsAreReadOnlyAndOneHundredEightyDays() {
        JsonObject key = api.createKey(manager, "{\"description\":\"defaults\"}");
        assertEquals("read_only", key.getString("access"));
        assertEquals(Duration.ofDays(180), Duration.between(Instant.parse(key.getString("created_at")),
                Instant.parse(key.getString("expires_at"))));
    }

    @Test
    void customExpiryDateIsAcceptedUpTo365Days() {
        LocalDate date = LocalDate.now(ZoneOffset.UTC).plusDays(365);
        JsonObject key = api.createKey(manager, "{\"description\":\"dated\",\"expires_at\":\"" + date + "\"}");
        assertEquals(date + "T23:59:59Z", key.getString("expires_at"));
        String at = Instant.now().plus(Duration.ofDays(10)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        JsonObject timed = api.createKey(manager, "{\"description\":\"timed\",\"expires_at\":\"" + at + "\"}");
        assertEquals(at, timed.getString("expires_at"));
    }

    @Test
    void invalidExpiriesAreRejected() {
        LocalDate tooLate = LocalDate.now(ZoneOffset.UTC).plusDays(367);
        for (String body : List.of(
                "{\"description\":\"x\",\"expires_in_days\":30,\"expires_at\":\"2030-01-01\"}",
                "{\"description\":\"x\",\"expires_at\":\"2001-01-01\"}",
                "{\"description\":\"x\",\"expires_at\":\"" + tooLate + "\"}",
                "{\"description\":\"x\",\"expires_in_days\":366}",
                "{\"description\":\"x\",\"expires_in_days\":0}",
                "{\"description\":\"x\",\"expires_at\":\"next tuesday\"}")) {
            Reply reply = api.post("keys", manager, body);
            assertEquals(400, reply.status(), body + " -> " + reply);
            assertEquals("validation_failed", reply.code());
            assertEquals("application/problem+json", reply.header("Content-Type"));
            assertFalse(reply.json().getJsonArray("errors").isEmpty());
        }
        assertEquals(0, api.get("keys", manager).json().getJsonObject("pagination").getInt("total"));
    }

    @Test
    void badBodiesAreClear4xxAndSaveNothing() {
        record Case(String body, String contentType, int status, String code) {
        }
        for (Case c : List.of(
                new Case("{\"description\":", "application/json", 400, "malformed_json"),
                new Case("[1,2]", "application/json", 400, "malformed_json"),
                new Case("", "application/json", 400, "body_required"),
                new Case("{\"description\":\"x\",\"colour\":\"red\"}", "application/json", 400, "validation_failed"),
                new Case("{\"description\":42}", "application/json", 400, "validation_failed"),
                new Case("{\"description\":\"x\",\"access\":\"admin\"}", "application/json", 400, "validation_failed"),
                new Case("{\"description\":\"x\",\"expires_in_days\":\"30\"}", "application/json", 400, "validation_failed"),
                new Case("{\"description\":\"x\",\"expires_in_days\":1e40}", "application/json", 400, "validation_failed"),
                new Case("{\"description\":\"   \"}", "application/json", 400, "validation_failed"),
                new Case("{\"description\":\"" + "d".repeat(201) + "\"}", "application/json", 400, "validation_failed"),
                new Case("{\"description\":\"bell\\u0007\"}", "application/json", 400, "validation_failed"),
                new Case("{\"description\":\"new\\nline\"}", "application/json", 400, "validation_failed"),
                new Case("{}", "application/json", 400, "validation_failed"),
                new Case("{\"description\":\"" + "d".repeat(20_000) + "\"}", "application/json", 413, "body_too_large"),
                new Case("description=x", "application/x-www-form-urlencoded", 415, "unsupported_media_type"))) {
            Reply reply = api.send("POST", "keys", manager, c.body(), c.contentType());
            assertEquals(c.status(), reply.status(), c + " -> " + reply);
            assertEquals(c.code(), reply.code(), c + " -> " + reply);
        }
        assertEquals(0, api.get("keys", manager).json().getJsonObject("pagination").getInt("total"));
    }

    @Test
    void listIsNewestFirstSearchableFilterableAndPaginated() {
        String a = api.createKey(manager, "{\"description\":\"Billing export\"}").getString("id");
        String b = api.createKey(manager, "{\"description\":\"billing IMPORT 100%_done\"}").getString("id");
        String c = api.createKey(manager, "{\"description\":\"Metrics\"}").getString("id");
        api.delete("keys/" + c, manager);

        Reply all = api.get("keys", manager);
        assertEquals(List.of(c, b, a), ids(all));
        assertEquals(3, all.json().getJsonObject("pagination").getInt("total"));

        assertEquals(List.of(b, a), ids(api.get("keys?q=BILLING", manager)));
        assertEquals(List.of(b), ids(api.get("keys?q=100%25_", manager)));
        assertEquals(List.of(), ids(api.get("keys?q=%25%25%25x", manager)));
        assertEquals(List.of(c), ids(api.get("keys?status=revoked", manager)));
        assertEquals(List.of(b, a), ids(api.get("keys?status=active", manager)));
        assertEquals(List.of(), ids(api.get("keys?status=expired", manager)));

        Reply page = api.get("keys?limit=2&offset=1", manager);
        assertEquals(List.of(b, a), ids(page));
        JsonObject pagination = page.json().getJsonObject("pagination");
        assertEquals(3, pagination.getInt("total"));
        assertEquals(2, pagination.getInt("limit"));
        assertEquals(1, pagination.getInt("offset"));
        assertFalse(pagination.getBoolean("has_more"));
        assertTrue(api.get("keys?limit=1", manager).json().getJsonObject("pagination").getBoolean("has_more"));

        for (String query : List.of("limit=0", "limit=201", "limit=abc", "offset=-1", "offset=99999999999", "status=dead")) {
            Reply reply = api.get("keys?" + query, manager);
            assertEquals(400, reply.status(), query + " -> " + reply);
            assertEquals("validation_failed", reply.code());
        }
        assertFalse(all.body().contains("api_key"), "lists never carry secrets");
    }

    @Test
    void editChangesDescriptionAndAccessButNotTheSecret() {
        JsonObject key = api.createKey(manager, "{\"description\":\"old\",\"access\":\"read_write\"}");
        String id = key.getString("id");
        String secret = key.getString("api_key");
        Reply edited = api.patch("keys/" + id, manager, "{\"description\":\"new\",\"access\":\"read_only\"}");
        assertEquals(200, edited.status(), edited.toString());
        assertEquals("new", edited.data().getString("description"));
        assertEquals("read_only", edited.data().getString("access"));
        assertEquals(key.getString("masked_key"), edited.data().getString("masked_key"));
        assertFalse(edited.data().containsKey("api_key"));

        // same secret, new access level: on the very next request
        assertEquals(200, api.get("keys/" + id, Auth.bearer(secret)).status());
        Reply write = api.post("keys", Auth.bearer(secret), "{\"description\":\"via key\"}");
        assertEquals(403, write.status());
        assertEquals("read_only_key", write.code());

        assertEquals(400, api.patch("keys/" + id, manager, "{}").status());
        assertEquals(400, api.patch("keys/" + id, manager, "{\"access\":\"everything\"}").status());
        assertEquals(400, api.patch("keys/" + id, manager, "{\"owner_id\":\"" + managerId + "\"}").status());
        assertEquals("new", api.get("keys/" + id, manager).data().getString("description"));
    }

    @Test
    void regenerationIssuesANewSecretAndKillsTheOldOneAtOnce() {
        JsonObject key = api.createKey(manager, "{\"description\":\"rotating\",\"access\":\"read_write\",\"expires_in_days\":30}");
        String id = key.getString("id");
        String old = key.getString("api_key");
        assertEquals(200, api.get("me", Auth.bearer(old)).status());

        Instant before = Instant.now();
        Reply regenerated = api.post("keys/" + id + "/regenerate", manager, "");
        Instant after = Instant.now();
        assertEquals(200, regenerated.status(), regenerated.toString());
        String fresh = regenerated.data().getString("api_key");
        assertNotEquals(old, fresh);
        assertEquals(id, regenerated.data().getString("id"));
        assertTrue(regenerated.header("Cache-Control").contains("no-store"));
        Api.assertExpiresAfter(Duration.ofDays(30), before, after, regenerated.data().getString("expires_at"),
                "default: the original lifetime, counted from now");

        Reply withOld = api.get("me", Auth.bearer(old));
        assertEquals(401, withOld.status());
        assertEquals("key_invalid", withOld.code());
        assertEquals(200, api.get("me", Auth.bearer(fresh)).status());

        before = Instant.now();
        Reply longer = api.post("keys/" + id + "/regenerate", manager, "{\"expires_in_days\":180}");
        after = Instant.now();
        assertEquals(200, longer.status());
        Api.assertExpiresAfter(Duration.ofDays(180), before, after, longer.data().getString("expires_at"), "180 days");
        assertEquals(400, api.post("keys/" + id + "/regenerate", manager, "{\"expires_in_days\":400}").status());
        assertEquals(400, api.post("keys/" + id + "/regenerate", manager, "{\"description\":\"no\"}").status());
    }

    @Test
    void revocationIsIdempotentAndRevokedKeysCannotBeChanged() {
        JsonObject key = api.createKey(manager, "{\"description\":\"doomed\"}");
        String id = key.getString("id");
        Reply revoked = api.delete("keys/" + id, manager);
        assertEquals(200, revoked.status());
        assertEquals("revoked", revoked.data().getString("status"));
        String revokedAt = revoked.data().getString("revoked_at");

        Reply again = api.delete("keys/" + id, manager);
        assertEquals(200, again.status());
        assertEquals(revokedAt, again.data().getString("revoked_at"));

        Reply listed = api.get("keys?status=revoked", manager);
        assertEquals(List.of(id), ids(listed));

        Reply edit = api.patch("keys/" + id, manager, "{\"description\":\"back\"}");
        assertEquals(409, edit.status());
        assertEquals("key_not_active", edit.code());
        Reply regenerate = api.post("keys/" + id + "/regenerate", manager, "{}");
        assertEquals(409, regenerate.status());
        assertEquals("key_not_active", regenerate.code());
    }

    @Test
    void expiredKeysAreListedAsExpiredAndCannotBeChanged() {
        String id = api.createKey(manager, "{\"description\":\"short\",\"expires_in_days\":1}").getString("id");
        try {
            api.moveClock(Duration.ofDays(2));
            assertEquals("expired", api.get("keys/" + id, manager).data().getString("status"));
            assertEquals(List.of(id), ids(api.get("keys?status=expired", manager)));
            assertEquals(409, api.patch("keys/" + id, manager, "{\"description\":\"x\"}").status());
            Reply regenerate = api.post("keys/" + id + "/regenerate", manager, "{}");
            assertEquals(409, regenerate.status());
            assertEquals("key_not_active", regenerate.code());
        } finally {
            api.moveClock(Duration.ZERO);
        }
    }

    @Test
    void tokenManagersSeeOnlyTheirOwnKeysAndAdminsSeeAll() {
        String otherEmail = Api.uniqueEmail("other");
        String otherId = api.createUser(otherEmail, PASSWORD, "token-manager");
        Auth other = Auth.basic(otherEmail, PASSWORD);
        String mine = api.createKey(manager, "{\"description\":\"mine\"}").getString("id");
        String theirs = api.createKey(other, "{\"description\":\"theirs\"}").getString("id");

        assertEquals(List.of(mine), ids(api.get("keys", manager)));
        for (Reply reply : List.of(api.get("keys/" + theirs, manager),
                api.patch("keys/" + theirs, manager, "{\"description\":\"x\"}"),
                api.post("keys/" + theirs + "/regenerate", manager, "{}"),
                api.delete("keys/" + theirs, manager))) {
            assertEquals(404, reply.status(), reply.toString());
        }
        assertEquals("active", api.get("keys/" + theirs, other).data().getString("status"));
        Reply foreignFilter = api.get("keys?owner_id=" + otherId, manager);
        assertEquals(403, foreignFilter.status());
        assertEquals("insufficient_role", foreignFilter.code());

        Reply adminView = api.get("keys?owner_id=" + otherId, Auth.admin());
        assertEquals(List.of(theirs), ids(adminView));
        assertEquals(200, api.get("keys/" + mine, Auth.admin()).status());
        assertEquals(404, api.get("keys/not-a-key-id", Auth.admin()).status());
        assertEquals(404, api.get("keys/" + "9".repeat(500), Auth.admin()).status());
    }

    @Test
    void adminsCreateKeysForOtherKeyManagersOnly() {
        Reply forManager = api.post("keys", Auth.admin(), "{\"description\":\"for you\",\"owner_id\":\"" + managerId + "\"}");
        assertEquals(201, forManager.status(), forManager.toString());
        assertEquals(managerId, forManager.data().getJsonObject("owner").getString("id"));
        assertEquals(Api.ADMIN_EMAIL, forManager.data().getJsonObject("created_by").getString("email"));
        assertEquals(List.of(forManager.data().getString("id")), ids(api.get("keys", manager)));

        String memberId = api.createUser(Api.uniqueEmail("member"), PASSWORD, "member");
        Reply forMember = api.post("keys", Auth.admin(), "{\"description\":\"no\",\"owner_id\":\"" + memberId + "\"}");
        assertEquals(400, forMember.status());
        assertEquals("owner_id", forMember.json().getJsonArray("errors").getJsonObject(0).getString("field"));
        assertEquals(404, api.post("keys", Auth.admin(), "{\"description\":\"no\",\"owner_id\":\"nobody\"}").status());

        Reply byManager = api.post("keys", manager, "{\"description\":\"no\",\"owner_id\":\"" + memberId + "\"}");
        assertEquals(403, byManager.status());
        assertEquals("insufficient_role", byManager.code());
    }

    @Test
    void theActiveKeyLimitIsEnforcedPerUser() {
        Auth bulk = Auth.bearer(api.createKey(manager, "{\"description\":\"bulk\",\"access\":\"read_write\"}").getString("api_key"));
        for (int i = 1; i < 100; i++) {
            api.createKey(bulk, "{\"description\":\"bulk " + i + "\"}");
        }
        Reply over = api.post("keys", bulk, "{\"description\":\"one too many\"}");
        assertEquals(409, over.status());
        assertEquals("key_limit_reached", over.code());
        JsonObject quota = api.get("me", manager).data().getJsonObject("key_quota");
        assertEquals(100, quota.getInt("used"));
        assertEquals(100, quota.getInt("max"));

        String first = ids(api.get("keys?limit=1", manager)).get(0);
        api.delete("keys/" + first, manager);
        assertEquals(201, api.post("keys", manager, "{\"description\":\"room again\"}").status());
    }

    private static List<String> ids(Reply list) {
        assertEquals(200, list.status(), list.toString());
        return list.json().getJsonArray("data").stream()
                .map(value -> ((JsonString) value.asJsonObject().get("id")).getString()).toList();
    }
}
