package io.latchkey.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.latchkey.testsupport.Api;
import io.latchkey.testsupport.Api.Auth;
import io.latchkey.testsupport.Api.Reply;
import io.latchkey.testsupport.DeployedLatchkey;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Containment: keys made by a key die with it (revocation, leak report, the owner's deactivation or lost
 * role), an old secret in its grace period only reads, a key never widens its own networks, and gateways and
 * backends refuse a key whose owner no longer holds a key-owning role.
 */
class KeyLineageIT extends DeployedLatchkey {

    private static final String PASSWORD = "lineage-password-1";

    String managerId;
    Auth manager;

    @BeforeEach
    void setUp() {
        String email = Api.uniqueEmail("lineage");
        managerId = api.createUser(email, PASSWORD, "token-manager");
        manager = Auth.basic(email, PASSWORD);
    }

    private JsonObject key(Auth creator, String description) {
        return api.createKey(creator, "{\"description\":\"" + description + "\",\"access\":\"read_write\"}");
    }

    private static Auth with(JsonObject key) {
        return Auth.bearer(key.getString("api_key"));
    }

    /** A call with the key from an address of its own, clear of the failed-authentication throttle. */
    private Reply me(JsonObject key) {
        return api.getFrom(Api.freshAddress(), "me", with(key));
    }

    /** The key's {@code revoked} event, if it has one. */
    private Optional<JsonObject> revocation(String keyId) {
        return api.get("keys/" + keyId + "/events", manager).json().getJsonArray("data").stream()
                .map(JsonValue::asJsonObject).filter(event -> event.getString("type").equals("revoked")).findFirst();
    }

    private void assertCascaded(JsonObject key, String from, String cause) {
        Reply refused = me(key);
        assertEquals(401, refused.status(), refused.toString());
        assertEquals("key_revoked", refused.code());
        JsonObject event = revocation(key.getString("id")).orElseThrow(() -> new AssertionError("no revoked event"));
        assertEquals(from, event.getJsonObject("details").getString("cascade_from"), event.toString());
        assertEquals(cause, event.getJsonObject("details").getString("cause"), event.toString());
    }

    @Test
    void revokingAKeyRevokesEveryKeyItMadeTransitively() {
        JsonObject parent = key(manager, "parent");
        JsonObject child = key(with(parent), "child");
        JsonObject grandchild = key(with(child), "grandchild");
        JsonObject sibling = key(manager, "made by a person");
        assertEquals(parent.getString("id"), api.get("keys/" + child.getString("id"), manager).data()
                .getString("created_by_key_id"));
        assertTrue(Api.isNull(api.get("keys/" + sibling.getString("id"), manager).data(), "created_by_key_id"));

        assertEquals(200, api.delete("keys/" + parent.getString("id"), manager).status());

        assertCascaded(child, parent.getString("id"), "revoked");
        assertCascaded(grandchild, child.getString("id"), "revoked");
        assertEquals(200, me(sibling).status(), "a key made by a person lives on");
    }

    @Test
    void aLeakReportRevokesWhatTheLeakedKeyMade() {
        JsonObject leaked = key(manager, "leaked");
        JsonObject minted = key(with(leaked), "minted by the leaked key");
        Reply report = api.send("POST", "leaks", Auth.NONE, Json.createObjectBuilder()
                .add("keys", Json.createArrayBuilder().add(leaked.getString("api_key"))).build().toString(),
                "application/json", "X-Forwarded-For", Api.freshAddress());
        assertEquals(202, report.status(), report.toString());
        assertCascaded(minted, leaked.getString("id"), "leak_reported");
    }

    @Test
    void deactivatingTheOwnerRevokesWhatTheirKeysMadeForGood() {
        JsonObject own = key(manager, "own");
        JsonObject minted = key(with(own), "minted");
        assertEquals(200, api.patch("users/" + managerId, Auth.admin(), "{\"active\":false}").status());
        assertEquals(200, api.patch("users/" + managerId, Auth.admin(), "{\"active\":true}").status());
        assertEquals(200, me(own).status(), "the owner is back and so is the key they made themselves");
        assertCascaded(minted, own.getString("id"), "owner_deactivated");
    }

    @Test
    void aRoleTakenFromTheOwnerRevokesWhatTheirKeysMade() {
        JsonObject own = key(manager, "own");
        JsonObject minted = key(with(own), "minted");
        assertEquals(200, api.patch("users/" + managerId, Auth.admin(), "{\"roles\":[\"member\"]}").status());
        assertEquals(200, api.patch("users/" + managerId, Auth.admin(), "{\"roles\":[\"token-manager\"]}").status());
        assertEquals(200, me(own).status());
        assertCascaded(minted, own.getString("id"), "owner_role_lost");
    }

    @Test
    void aKeyEditedOrRegeneratedByAnotherKeyJoinsItsLineageAndNeverOutlivesIt() {
        JsonObject caller = api.createKey(manager, "{\"description\":\"short\",\"access\":\"read_write\",\"expires_in_days\":30}");
        JsonObject edited = api.createKey(manager, "{\"description\":\"long\",\"access\":\"read_only\",\"expires_in_days\":180}");
        JsonObject regenerated = key(manager, "re-secreted");

        Reply edit = api.patch("keys/" + edited.getString("id"), with(caller), "{\"access\":\"read_write\"}");
        assertEquals(200, edit.status(), edit.toString());
        assertEquals(Instant.parse(caller.getString("expires_at")), Instant.parse(edit.data().getString("expires_at")),
                "an edit by a key brings the edited key's expiry forward to the caller's");
        Reply regeneration = api.post("keys/" + regenerated.getString("id") + "/regenerate", with(caller), "{}");
        assertEquals(200, regeneration.status(), regeneration.toString());
        JsonObject fresh = Json.createObjectBuilder(regenerated).add("api_key", regeneration.data().getString("api_key")).build();
        assertEquals(200, me(fresh).status());

        assertEquals(200, api.delete("keys/" + caller.getString("id"), manager).status());
        assertCascaded(edited, caller.getString("id"), "revoked");
        assertCascaded(fresh, caller.getString("id"), "revoked");
    }

    @Test
    void theAuditTrailTellsWhatAKeyWasUsedFor() {
        JsonObject parent = key(manager, "audited parent");
        JsonObject child = key(with(parent), "audited child");
        List<JsonObject> events = api.get("audit?via_key_id=" + parent.getString("id"), Auth.admin()).json()
                .getJsonArray("data").stream().map(JsonValue::asJsonObject).toList();
        assertEquals(1, events.size(), events.toString());
        assertEquals("created", events.get(0).getString("type"));
        assertEquals(child.getString("id"), events.get(0).getString("key_id"));
        assertEquals(parent.getString("id"), events.get(0).getJsonObject("details").getString("created_by_key_id"));
    }

    @Test
    void anOldSecretInItsGracePeriodOnlyReads() {
        JsonObject rotated = key(manager, "rotated");
        String id = rotated.getString("id");
        JsonObject other = key(manager, "other");
        Reply regeneration = api.post("keys/" + id + "/regenerate", manager, "{\"grace_period_minutes\":60}");
        assertEquals(200, regeneration.status());
        Auth old = with(rotated);

        assertEquals(200, api.get("keys/" + id, old).status(), "the old secret still reads");
        List<Reply> refused = List.of(
                api.post("keys", old, "{\"description\":\"minted with the old secret\"}"),
                api.post("keys/" + id + "/regenerate", old, "{}"),
                api.post("keys/" + other.getString("id") + "/regenerate", old, "{}"),
                api.patch("keys/" + id, old, "{\"description\":\"taken over\"}"),
                api.patch("keys/" + id, old, "{\"allowed_cidrs\":[\"203.0.113.0/24\"]}"),
                api.delete("keys/" + other.getString("id"), old));
        for (Reply reply : refused) {
            assertEquals(403, reply.status(), reply.toString());
            assertEquals("previous_secret_read_only", reply.code());
        }
        JsonObject after = api.get("keys/" + id, manager).data();
        assertEquals("rotated", after.getString("description"));
        assertEquals(List.of(), after.getJsonArray("allowed_cidrs"));
        assertEquals("active", api.get("keys/" + other.getString("id"), manager).data().getString("status"));
        assertEquals(2, api.get("keys", manager).json().getJsonObject("pagination").getInt("total"), "nothing was created");
        assertEquals(200, api.post("keys/" + id + "/regenerate", Auth.bearer(regeneration.data().getString("api_key")), "{}")
                .status(), "the current secret may");
    }

    @Test
    void aKeyCannotWidenTheNetworksOfTheKeyItCallsWith() {
        JsonObject limited = api.createKey(manager, "{\"description\":\"limited\",\"access\":\"read_write\","
                + "\"allowed_cidrs\":[\"198.18.0.0/15\"]}");
        String id = limited.getString("id");
        for (String wider : List.of("[\"0.0.0.0/0\"]", "[]", "[\"198.16.0.0/12\"]", "[\"198.18.0.0/15\",\"203.0.113.0/24\"]")) {
            Reply reply = api.send("PATCH", "keys/" + id, with(limited), "{\"allowed_cidrs\":" + wider + "}",
                    "application/json", "X-Forwarded-For", Api.freshAddress());
            assertEquals(400, reply.status(), wider + ": " + reply);
            assertEquals(List.of("198.18.0.0/15"), api.get("keys/" + id, manager).data().getJsonArray("allowed_cidrs")
                    .getValuesAs(jakarta.json.JsonString::getString), "unchanged after " + wider);
        }
        Reply narrower = api.send("PATCH", "keys/" + id, with(limited), "{\"allowed_cidrs\":[\"198.18.0.0/16\",\"198.19.0.0/16\"]}",
                "application/json", "X-Forwarded-For", Api.freshAddress());
        assertEquals(200, narrower.status(), narrower.toString());
    }

    @Test
    void gatewaysAndBackendsRefuseAKeyWhoseOwnerHoldsNoKeyRole() {
        JsonObject demoted = key(manager, "owner demoted");
        String verifierId = api.createUser(Api.uniqueEmail("lineage-verifier"), PASSWORD, "verifier");
        JsonObject verifierKey = api.createKey(Auth.admin(), "{\"description\":\"backend\",\"access\":\"read_only\","
                + "\"owner_id\":\"" + verifierId + "\"}");
        assertEquals(200, forward(demoted).status());
        assertTrue(verify(verifierKey, demoted).getBoolean("valid"));

        assertEquals(200, api.patch("users/" + managerId, Auth.admin(), "{\"roles\":[\"member\"]}").status());
        Reply gateway = forward(demoted);
        assertEquals(403, gateway.status(), gateway.toString());
        assertEquals("key_owner_role_missing", gateway.code());
        JsonObject backend = verify(verifierKey, demoted);
        assertFalse(backend.getBoolean("valid"), backend.toString());
        assertEquals("key_owner_role_missing", backend.getString("code"));

        Reply verifiersOwn = forward(verifierKey);
        assertEquals(403, verifiersOwn.status(), verifiersOwn.toString());
        assertEquals("key_owner_role_missing", verifiersOwn.code());
        assertEquals("key_owner_role_missing", verify(verifierKey, verifierKey).getString("code"));
    }

    private Reply forward(JsonObject key) {
        return api.send("GET", "auth/forward", with(key), null, null, "X-Forwarded-Method", "GET",
                "X-Forwarded-For", Api.freshAddress());
    }

    private JsonObject verify(JsonObject verifier, JsonObject key) {
        Reply reply = api.post("keys/verify", with(verifier), Json.createObjectBuilder().add("key", key.getString("api_key"))
                .build().toString());
        assertEquals(200, reply.status(), reply.toString());
        return reply.data();
    }
}
