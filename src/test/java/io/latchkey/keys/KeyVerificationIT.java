package io.latchkey.keys;

import static io.latchkey.testsupport.Eventually.poll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.latchkey.testsupport.Api;
import io.latchkey.testsupport.Api.Auth;
import io.latchkey.testsupport.Api.Reply;
import io.latchkey.testsupport.DeployedLatchkey;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code POST /api/v1/keys/verify} and the verifier role: a backend asks about a key its client presented. */
class KeyVerificationIT extends DeployedLatchkey {

    private static final String PASSWORD = "verifier-password-1";

    Auth admin;
    Auth manager;
    String managerId;
    String managerEmail;
    String organizationId;
    Auth verifier;
    String verifierId;

    @BeforeEach
    void setUp() {
        String adminEmail = Api.uniqueEmail("admin");
        organizationId = api.createOrganization("Verify " + UUID.randomUUID().toString().substring(0, 6), adminEmail, PASSWORD);
        admin = Auth.basic(adminEmail, PASSWORD);
        managerEmail = Api.uniqueEmail("manager");
        managerId = api.createUser(admin, managerEmail, PASSWORD, "token-manager");
        manager = Auth.basic(managerEmail, PASSWORD);
        verifierId = api.createUser(admin, Api.uniqueEmail("backend"), PASSWORD, "verifier");
        verifier = Auth.bearer(api.createKey(admin, "{\"description\":\"backend\",\"access\":\"read_only\",\"owner_id\":\""
                + verifierId + "\"}").getString("api_key"));
    }

    private Reply verify(Auth caller, String key) {
        return api.post("keys/verify", caller, Json.createObjectBuilder().add("key", key).build().toString());
    }

    private Reply verifyFrom(String address, Auth caller, String key) {
        return api.send("POST", "keys/verify", caller, Json.createObjectBuilder().add("key", key).build().toString(),
                "application/json", "X-Forwarded-For", address);
    }

    @Test
    void aValidKeyIsDescribedToVerifiersAndAdmins() {
        JsonObject key = api.createKey(manager, "{\"description\":\"client\",\"access\":\"read_write\"}");
        for (Auth caller : List.of(verifier, admin)) {
            Reply reply = verify(caller, key.getString("api_key"));
            assertEquals(200, reply.status(), reply.toString());
            JsonObject answer = reply.data();
            assertTrue(answer.getBoolean("valid"));
            assertEquals(key.getString("id"), answer.getString("key_id"));
            assertEquals(managerId, answer.getJsonObject("owner").getString("id"));
            assertEquals(managerEmail, answer.getJsonObject("owner").getString("email"));
            assertEquals(List.of("token-manager"), answer.getJsonArray("roles").getValuesAs(v -> ((jakarta.json.JsonString) v).getString()));
            assertEquals("read_write", answer.getString("access"));
            assertEquals(key.getString("expires_at"), answer.getString("expires_at"));
            assertEquals(organizationId, answer.getString("organization_id"));
            assertFalse(answer.containsKey("code"));
        }
        JsonObject used = poll(() -> {
            JsonObject seen = api.get("keys/" + key.getString("id"), manager).data();
            return Api.isNull(seen, "last_used_at") ? null : seen;
        });
        assertNotNull(used.getString("last_used_at"), "a verified key counts as used");
    }

    @Test
    void refusedKeysAreAnswersWithTheirCode() {
        JsonObject revoked = api.createKey(manager, "{\"description\":\"revoked\"}");
        api.delete("keys/" + revoked.getString("id"), manager);
        assertRefused("key_revoked", verify(verifier, revoked.getString("api_key")));

        String leaverEmail = Api.uniqueEmail("leaver");
        String leaverId = api.createUser(admin, leaverEmail, PASSWORD, "token-manager");
        String leaverKey = api.createKey(Auth.basic(leaverEmail, PASSWORD), "{\"description\":\"leaver\"}").getString("api_key");
        assertTrue(verify(verifier, leaverKey).data().getBoolean("valid"));
        assertEquals(200, api.patch("users/" + leaverId, admin, "{\"active\":false}").status());
        assertRefused("key_owner_inactive", verify(verifier, leaverKey));

        String otherOrganizations = api.createKey(Auth.admin(), "{\"description\":\"elsewhere\"}").getString("api_key");
        assertTrue(verify(Auth.admin(), otherOrganizations).data().getBoolean("valid"), "valid in its own organization");
        assertRefused("key_invalid", verify(verifier, otherOrganizations));
        assertRefused("key_invalid", verify(verifier, "lk_" + "a".repeat(38)));
        assertRefused("key_invalid", verify(verifier, "not a key at all"));

        String expiring = api.createKey(manager, "{\"description\":\"short\",\"expires_in_days\":1}").getString("api_key");
        assertTrue(verify(verifier, expiring).data().getBoolean("valid"));
        try {
            api.moveClock(Duration.ofDays(2));
            assertRefused("key_expired", verify(verifier, expiring));
        } finally {
            api.moveClock(Duration.ZERO);
        }
    }

    private static void assertRefused(String code, Reply reply) {
        assertEquals(200, reply.status(), reply.toString());
        assertFalse(reply.data().getBoolean("valid"), reply.toString());
        assertEquals(code, reply.data().getString("code"));
        assertEquals(2, reply.data().size(), "nothing but valid and code: " + reply);
    }

    @Test
    void aVerifierMayDoNothingElseAndOthersMayNotVerify() {
        assertEquals(403, api.get("me", verifier).status());
        assertEquals(403, api.get("keys", verifier).status());
        assertEquals(403, api.post("keys", verifier, "{\"description\":\"x\"}").status());
        assertEquals(403, api.get("users", verifier).status());
        assertEquals(403, api.get("audit", verifier).status());
        Reply byManager = verify(manager, "lk_" + "a".repeat(38));
        assertEquals(403, byManager.status());
        assertEquals("insufficient_role", byManager.code());
        assertEquals(401, verify(Auth.NONE, "lk_" + "a".repeat(38)).status());

        Reply combined = api.post("users", admin, "{\"email\":\"" + Api.uniqueEmail("both") + "\",\"name\":\"Both\","
                + "\"password\":\"" + PASSWORD + "\",\"roles\":[\"verifier\",\"token-manager\"]}");
        assertEquals(400, combined.status(), combined.toString());
        Reply promoted = api.patch("users/" + verifierId, admin, "{\"roles\":[\"verifier\",\"admin\"]}");
        assertEquals(400, promoted.status(), promoted.toString());
        for (String bad : List.of("{}", "{\"key\":null}", "{\"key\":\"\"}", "{\"key\":\"" + "a".repeat(201) + "\"}",
                "{\"key\":42}", "[]")) {
            Reply reply = api.post("keys/verify", verifier, bad);
            assertEquals(400, reply.status(), bad + " " + reply);
        }
    }

    @Test
    void failedVerificationsDoNotThrottleTheCallerAndDeadKeysAreAudited() {
        String address = "198.51.100." + (10 + (int) (Math.random() * 200));
        for (int i = 0; i < 60; i++) {
            assertRefused("key_invalid", verifyFrom(address, verifier, "lk_" + UUID.randomUUID().toString().replace("-", "")));
        }
        Reply stillOwnFailure = api.send("GET", "me", Auth.bearer("lk_" + "b".repeat(38)), null, null, "X-Forwarded-For", address);
        assertEquals(401, stillOwnFailure.status(), "60 refused verifications are not 60 failed authentications: " + stillOwnFailure);

        JsonObject revoked = api.createKey(manager, "{\"description\":\"dead\"}");
        api.delete("keys/" + revoked.getString("id"), manager);
        for (int i = 0; i < 2; i++) {
            assertRefused("key_revoked", verifyFrom(address, verifier, revoked.getString("api_key")));
        }
        assertNotNull(poll(() -> api.aggregatedUses(admin, "revoked_key_used", revoked.getString("id"), address) == 2 ? true : null));
    }
}
