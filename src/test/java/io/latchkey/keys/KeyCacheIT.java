package io.latchkey.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.latchkey.keys.control.SecretCodec;
import io.latchkey.testsupport.Api;
import io.latchkey.testsupport.Api.Auth;
import io.latchkey.testsupport.Api.Reply;
import io.latchkey.testsupport.DeployedLatchkey;
import jakarta.json.JsonObject;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Key checks from memory on one instance: a known key costs no SQL, and every change that affects its
 * answer is in force on the very next request.
 */
class KeyCacheIT extends DeployedLatchkey {

    private static final String PASSWORD = "cache-password-1";

    String managerId;
    Auth manager;

    @BeforeEach
    void setUp() {
        String email = Api.uniqueEmail("cached");
        managerId = api.createUser(email, PASSWORD, "token-manager");
        manager = Auth.basic(email, PASSWORD);
    }

    private Reply probed(String path, Auth auth, String probe) {
        return api.send("GET", path, auth, null, null, "X-Test-Sql-Probe", probe, "X-Forwarded-For",
                "203.0.113." + (1 + (int) (Math.random() * 250)));
    }

    @Test
    void aKnownKeyIsCheckedWithoutTouchingTheDatabase() {
        Auth key = Auth.bearer(api.createKey(manager, "{\"description\":\"hot\",\"access\":\"read_write\"}").getString("api_key"));
        String first = "first-" + UUID.randomUUID();
        assertEquals(200, probed("auth/forward", key, first).status());
        assertTrue(api.sqlStatements(first) > 0, "the first check reads the key (positive control)");
        String again = "again-" + UUID.randomUUID();
        for (int i = 0; i < 20; i++) {
            assertEquals(200, probed("auth/forward", key, again).status());
        }
        assertEquals(0, api.sqlStatements(again), "later checks are answered from memory");

        Auth unknown = Auth.bearer(unknownKey());
        String miss = "miss-" + UUID.randomUUID();
        assertEquals(401, probed("auth/forward", unknown, miss).status());
        assertTrue(api.sqlStatements(miss) > 0);
        String missAgain = "miss-again-" + UUID.randomUUID();
        assertEquals(401, probed("auth/forward", unknown, missAgain).status());
        assertEquals(0, api.sqlStatements(missAgain), "a digest that matched nothing is remembered too");
    }

    @Test
    void everyChangeToAKeysAnswerIsInForceOnTheNextRequest() {
        JsonObject created = api.createKey(manager, "{\"description\":\"watched\",\"access\":\"read_write\"}");
        String id = created.getString("id");
        Auth key = Auth.bearer(created.getString("api_key"));
        warm(key);
        assertEquals(201, api.post("keys", key, "{\"description\":\"by key\"}").status());

        assertEquals(200, api.patch("keys/" + id, manager, "{\"access\":\"read_only\"}").status());
        assertEquals("read_only_key", api.post("keys", key, "{\"description\":\"nope\"}").code());
        assertEquals("read_only", forward(key).header("X-Latchkey-Access"));
        assertEquals(200, api.patch("keys/" + id, manager, "{\"access\":\"read_write\"}").status());
        assertEquals(201, api.post("keys", key, "{\"description\":\"writes again\"}").status());

        warm(key);
        assertEquals(200, api.patch("users/" + managerId, Auth.admin(), "{\"roles\":[\"member\"]}").status());
        assertEquals("insufficient_role", api.get("keys", key).code());
        Reply demoted = forward(key);
        assertEquals(403, demoted.status());
        assertEquals("key_owner_role_missing", demoted.code(), "the gateway answers as the API does");
        assertEquals(200, api.patch("users/" + managerId, Auth.admin(), "{\"roles\":[\"token-manager\"]}").status());
        assertEquals(200, api.get("keys", key).status());

        warm(key);
        Reply regenerated = api.post("keys/" + id + "/regenerate", manager, "{}");
        assertEquals(200, regenerated.status());
        assertEquals("key_invalid", api.get("me", key).code(), "the old secret is gone at once");
        key = Auth.bearer(regenerated.data().getString("api_key"));
        warm(key);

        assertEquals(200, api.patch("users/" + managerId, Auth.admin(), "{\"active\":false}").status());
        assertEquals("key_owner_inactive", api.get("me", key).code());
        assertEquals(200, api.patch("users/" + managerId, Auth.admin(), "{\"active\":true}").status());
        warm(key);

        assertEquals(200, api.delete("keys/" + id, manager).status());
        assertEquals("key_revoked", api.get("me", key).code());
    }

    @Test
    void expiryIsJudgedAgainstTheClockAtEveryUse() {
        Auth key = Auth.bearer(api.createKey(manager, "{\"description\":\"brief\",\"expires_in_days\":1}").getString("api_key"));
        warm(key);
        try {
            api.moveClock(Duration.ofHours(25));
            Reply expired = api.get("me", key);
            assertEquals(401, expired.status());
            assertEquals("key_expired", expired.code());
        } finally {
            api.moveClock(Duration.ZERO);
        }
        assertEquals(200, api.get("me", key).status());
    }

    /** Uses the key twice, so that it is certainly in memory. */
    private void warm(Auth key) {
        assertEquals(200, forward(key).status());
        assertEquals(200, forward(key).status());
    }

    private Reply forward(Auth key) {
        return api.send("GET", "auth/forward", key, null, null, "X-Forwarded-Method", "GET");
    }

    private static String unknownKey() {
        return new SecretCodec("lk", new SecureRandom()).generate().plaintext();
    }
}
