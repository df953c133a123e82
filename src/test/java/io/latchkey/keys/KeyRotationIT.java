package io.latchkey.keys;

import static io.latchkey.testsupport.Eventually.poll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.latchkey.testsupport.Api;
import io.latchkey.testsupport.Api.Auth;
import io.latchkey.testsupport.Api.Reply;
import io.latchkey.testsupport.DeployedLatchkey;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Rotation with overlap: {@code POST /keys/{id}/regenerate} with {@code grace_period_minutes} keeps the old
 * secret working until then, counts its uses apart, and ends it at once on revocation, another
 * regeneration or the owner's deactivation.
 */
class KeyRotationIT extends DeployedLatchkey {

    private static final String PASSWORD = "rotation-password-1";

    String managerId;
    Auth manager;

    @BeforeEach
    void setUp() {
        String email = Api.uniqueEmail("rotator");
        managerId = api.createUser(email, PASSWORD, "token-manager");
        manager = Auth.basic(email, PASSWORD);
    }

    @AfterEach
    void resetClock() {
        api.moveClock(Duration.ZERO);
    }

    /** Regenerates with a grace period; returns the response's data (with the new secret). */
    private JsonObject regenerate(String keyId, int graceMinutes) {
        Reply reply = api.post("keys/" + keyId + "/regenerate", manager, "{\"grace_period_minutes\":" + graceMinutes + "}");
        assertEquals(200, reply.status(), reply.toString());
        return reply.data();
    }

    /** A call with {@code key} from its own client address, clear of the failed-authentication throttle. */
    private Reply me(String key, int client) {
        return api.getFrom("198.18.7." + client, "me", Auth.bearer(key));
    }

    @Test
    void bothSecretsWorkDuringTheOverlapAndTheOldOneDiesAtTheDeadline() {
        JsonObject key = api.createKey(manager, "{\"description\":\"rotating\",\"access\":\"read_write\"}");
        String id = key.getString("id");
        String old = key.getString("api_key");
        Instant before = Instant.now().minusSeconds(1);
        JsonObject regenerated = regenerate(id, 60);
        String fresh = regenerated.getString("api_key");
        Instant deadline = Instant.parse(regenerated.getString("previous_secret_expires_at"));
        assertTrue(!deadline.isBefore(before.plus(Duration.ofMinutes(60))) && deadline.isBefore(Instant.now().plus(Duration.ofMinutes(61))),
                "the old secret works for 60 minutes: " + deadline);

        assertEquals(200, me(old, 1).status(), "the old secret still works");
        assertEquals(200, me(fresh, 2).status(), "and so does the new one");
        assertEquals(403, api.post("keys", Auth.bearer(old), "{\"description\":\"made with the old secret\","
                + "\"expires_in_days\":1}").status(), "but only to read: it is the secret most likely to have leaked");
        JsonObject seen = poll(() -> {
            JsonObject view = api.get("keys/" + id, manager).data();
            return Api.isNull(view, "previous_secret_last_used_at") ? null : view;
        });
        assertTrue(Instant.parse(seen.getString("previous_secret_last_used_at")).isAfter(before),
                "the old secret's use is counted on the key: " + seen);
        assertEquals(deadline.toString(), seen.getString("previous_secret_expires_at"));

        api.moveClock(Duration.ofMinutes(60).plusSeconds(5));
        Reply late = me(old, 3);
        assertEquals(401, late.status(), late.toString());
        assertEquals("key_invalid", late.code());
        assertEquals(200, me(fresh, 4).status());
        assertTrue(Api.isNull(api.get("keys/" + id, manager).data(), "previous_secret_expires_at"),
                "after the deadline the key shows no old secret");
    }

    @Test
    void revokingEndsBothSecretsAtOnce() {
        JsonObject key = api.createKey(manager, "{\"description\":\"leaked during rotation\"}");
        String old = key.getString("api_key");
        String fresh = regenerate(key.getString("id"), 1440).getString("api_key");
        assertEquals(200, me(old, 10).status());
        assertEquals(200, api.delete("keys/" + key.getString("id"), manager).status());
        assertEquals(401, me(old, 11).status());
        assertEquals("key_revoked", me(fresh, 12).code());
        assertTrue(Api.isNull(api.get("keys/" + key.getString("id"), manager).data(), "previous_secret_expires_at"));
    }

    @Test
    void regeneratingAgainEndsTheOldSecret() {
        JsonObject key = api.createKey(manager, "{\"description\":\"rotated twice\"}");
        String first = key.getString("api_key");
        String second = regenerate(key.getString("id"), 10080).getString("api_key");
        assertEquals(200, me(first, 20).status());
        JsonObject third = regenerate(key.getString("id"), 0);
        assertTrue(Api.isNull(third, "previous_secret_expires_at"), third.toString());
        assertEquals(401, me(first, 21).status(), "the first secret ended with the second regeneration");
        assertEquals(401, me(second, 22).status(), "no grace this time: the second ended at once");
        assertEquals(200, me(third.getString("api_key"), 23).status());
    }

    @Test
    void deactivatingTheOwnerEndsTheOldSecretForGood() {
        JsonObject key = api.createKey(manager, "{\"description\":\"owner leaves\"}");
        String old = key.getString("api_key");
        String fresh = regenerate(key.getString("id"), 1440).getString("api_key");
        assertEquals(200, api.patch("users/" + managerId, Auth.admin(), "{\"active\":false}").status());
        assertEquals("key_owner_inactive", me(fresh, 30).code());
        assertEquals(401, me(old, 31).status());
        assertEquals(200, api.patch("users/" + managerId, Auth.admin(), "{\"active\":true}").status());
        assertEquals(200, me(fresh, 32).status(), "the owner is back: the current secret works again");
        Reply old2 = me(old, 33);
        assertEquals(401, old2.status(), "the old secret does not come back: " + old2);
    }

    @Test
    void aGracePeriodOutsideZeroToSevenDaysChangesNothing() {
        JsonObject key = api.createKey(manager, "{\"description\":\"bounded\"}");
        String id = key.getString("id");
        for (String body : List.of("{\"grace_period_minutes\":-1}", "{\"grace_period_minutes\":10081}",
                "{\"grace_period_minutes\":\"60\"}", "{\"grace_period_minutes\":1.5}")) {
            Reply refused = api.post("keys/" + id + "/regenerate", manager, body);
            assertEquals(400, refused.status(), body + ": " + refused);
            assertEquals("grace_period_minutes", refused.json().getJsonArray("errors").getJsonObject(0).getString("field"));
        }
        assertEquals(200, me(key.getString("api_key"), 40).status(), "the secret is unchanged");
        long regenerations = api.get("keys/" + id + "/events", manager).json().getJsonArray("data").stream()
                .map(JsonValue::asJsonObject).filter(e -> e.getString("type").equals("regenerated")).count();
        assertEquals(0, regenerations);
    }
}
