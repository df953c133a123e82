package io.latchkey.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.latchkey.testsupport.Api;
import io.latchkey.testsupport.DeployedLatchkey;
import io.latchkey.testsupport.Api.Auth;
import io.latchkey.testsupport.Api.Reply;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * No path to roles the caller lacks, and a leaked key cannot outlive itself: keys of users with more
 * roles, passwords set with keys, and keys minted by keys.
 */
class PrivilegesIT extends DeployedLatchkey {

    private static final String PASSWORD = "privileges-pass-1";

    String operatorId;
    Auth admin;
    String adminId;

    /** A second admin of the operator's organization: an admin, but not the operator. */
    @BeforeEach
    void setUp() {
        operatorId = api.get("me", Auth.admin()).data().getString("id");
        String email = Api.uniqueEmail("plain-admin");
        adminId = api.createUser(email, PASSWORD, "admin");
        admin = Auth.basic(email, PASSWORD);
    }

    private static List<String> actions(JsonObject key) {
        return key.getJsonArray("actions").getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
    }

    @Test
    void anAdminCannotMakeOrChangeKeysOfTheOperatorButCanRevokeThem() {
        Reply minted = api.post("keys", admin, "{\"description\":\"be the operator\",\"owner_id\":\"" + operatorId + "\"}");
        assertEquals(403, minted.status(), minted.toString());
        assertEquals("owner_has_more_roles", minted.code());

        JsonObject operatorKey = api.createKey(Auth.admin(), "{\"description\":\"operator's\",\"access\":\"read_write\"}");
        String id = operatorKey.getString("id");
        Reply regenerated = api.post("keys/" + id + "/regenerate", admin, "{}");
        assertEquals(403, regenerated.status(), regenerated.toString());
        assertEquals("owner_has_more_roles", regenerated.code());
        Reply edited = api.patch("keys/" + id, admin, "{\"access\":\"read_only\"}");
        assertEquals(403, edited.status(), edited.toString());
        assertEquals("owner_has_more_roles", edited.code());

        assertEquals(List.of("revoke"), actions(api.get("keys/" + id, admin).data()), "the console offers only revoke");
        assertEquals(List.of("edit", "regenerate", "revoke"), actions(api.get("keys/" + id, Auth.admin()).data()));

        Reply revoked = api.delete("keys/" + id, admin);
        assertEquals(200, revoked.status(), "containment is never blocked: " + revoked);
        assertEquals("revoked", revoked.data().getString("status"));
        assertEquals(401, api.get("me", Auth.bearer(operatorKey.getString("api_key"))).status());
    }

    @Test
    void anAdminStillManagesKeysOfUsersWithNoMoreRoles() {
        String managerId = api.createUser(Api.uniqueEmail("manager"), PASSWORD, "token-manager");
        Reply created = api.post("keys", admin, "{\"description\":\"for the manager\",\"owner_id\":\"" + managerId + "\"}");
        assertEquals(201, created.status(), created.toString());
        String id = created.data().getString("id");
        assertEquals(200, api.post("keys/" + id + "/regenerate", admin, "{}").status());
        assertEquals(200, api.patch("keys/" + id, admin, "{\"description\":\"renamed\"}").status());
    }

    @Test
    void keysCannotSetOrChangePasswords() {
        Auth operatorKey = Auth.bearer(api.createKey(Auth.admin(),
                "{\"description\":\"operator automation\",\"access\":\"read_write\"}").getString("api_key"));
        Reply reset = api.patch("users/" + adminId, operatorKey, "{\"password\":\"taken-over-pass-1\"}");
        assertEquals(403, reset.status(), reset.toString());
        assertEquals("password_change_requires_password", reset.code());
        assertEquals(200, api.get("me", admin).status(), "the password is unchanged");

        Reply own = api.patch("users/" + operatorId, operatorKey, "{\"password\":\"taken-over-pass-1\"}");
        assertEquals("password_change_requires_password", own.code(), own.toString());
        Reply user = api.post("users", operatorKey, "{\"email\":\"" + Api.uniqueEmail("minted")
                + "\",\"name\":\"Minted\",\"password\":\"minted-pass-0001\",\"roles\":[\"member\"]}");
        assertEquals(403, user.status(), user.toString());
        assertEquals("password_change_requires_password", user.code());
        Reply organization = api.post("organizations", operatorKey, "{\"name\":\"Minted org\",\"admin\":{\"email\":\""
                + Api.uniqueEmail("minted") + "\",\"name\":\"Minted\",\"password\":\"minted-pass-0001\"}}");
        assertEquals(403, organization.status(), organization.toString());
        assertEquals("password_change_requires_password", organization.code());

        Reply byPassword = api.patch("users/" + adminId, Auth.admin(), "{\"name\":\"Renamed by a person\"}");
        assertEquals(200, byPassword.status(), "other changes with a key or password still work: " + byPassword);
        assertEquals(200, api.patch("users/" + adminId, operatorKey, "{\"name\":\"Renamed by a key\"}").status());
    }

    @Test
    void aKeyCannotMintAKeyThatOutlivesIt() {
        JsonObject parent = api.createKey(admin, "{\"description\":\"parent\",\"access\":\"read_write\",\"expires_in_days\":30}");
        Auth byParent = Auth.bearer(parent.getString("api_key"));
        Instant parentExpiry = Instant.parse(parent.getString("expires_at"));

        Reply tooLong = api.post("keys", byParent, "{\"description\":\"child\",\"expires_in_days\":31}");
        assertEquals(400, tooLong.status(), tooLong.toString());
        assertEquals("expiry_beyond_calling_key", tooLong.code());
        assertEquals("expires_in_days", tooLong.json().getJsonArray("errors").getJsonObject(0).getString("field"));
        Reply tooLate = api.post("keys", byParent, "{\"description\":\"child\",\"expires_at\":\""
                + parentExpiry.plus(Duration.ofDays(2)) + "\"}");
        assertEquals("expiry_beyond_calling_key", tooLate.code(), tooLate.toString());
        assertEquals("expires_at", tooLate.json().getJsonArray("errors").getJsonObject(0).getString("field"));

        JsonObject defaulted = api.createKey(byParent, "{\"description\":\"child with the default lifetime\"}");
        assertEquals(parentExpiry, Instant.parse(defaulted.getString("expires_at")), "the default is cut to the parent's expiry");
        JsonObject shorter = api.createKey(byParent, "{\"description\":\"child\",\"expires_in_days\":7}");
        assertTrue(Instant.parse(shorter.getString("expires_at")).isBefore(parentExpiry));

        Reply regenerate = api.post("keys/" + shorter.getString("id") + "/regenerate", byParent, "{\"expires_in_days\":90}");
        assertEquals("expiry_beyond_calling_key", regenerate.code(), regenerate.toString());
        Reply itself = api.post("keys/" + parent.getString("id") + "/regenerate", byParent, "{}");
        assertEquals(200, itself.status(), itself.toString());
        assertEquals(parentExpiry, Instant.parse(itself.data().getString("expires_at")),
                "regenerating the calling key does not extend its life");

        Reply byPassword = api.post("keys", admin, "{\"description\":\"long\",\"expires_in_days\":300}");
        assertEquals(201, byPassword.status(), "people are not limited: " + byPassword);
    }

    @Test
    void aKeyLimitedToNetworksCannotMintOrOpenAKeyUsableFromElsewhere() {
        String office = "203.0.113.10";
        JsonObject parent = api.createKey(admin, "{\"description\":\"office parent\",\"access\":\"read_write\","
                + "\"allowed_cidrs\":[\"203.0.113.0/24\"]}");
        Auth byParent = Auth.bearer(parent.getString("api_key"));
        String unmade = "unmade-" + UUID.randomUUID();
        for (String wider : List.of("[]", "[\"203.0.112.0/23\"]", "[\"203.0.113.0/24\",\"198.51.100.7\"]")) {
            Reply refused = api.send("POST", "keys", byParent, "{\"description\":\"" + unmade + "\",\"allowed_cidrs\":" + wider + "}",
                    "application/json", "X-Forwarded-For", office);
            assertEquals(400, refused.status(), wider + ": " + refused);
            assertEquals("addresses_beyond_calling_key", refused.code());
            assertEquals("allowed_cidrs", refused.json().getJsonArray("errors").getJsonObject(0).getString("field"));
        }
        assertEquals(0, api.get("keys?q=" + unmade, admin).json().getJsonObject("pagination").getInt("total"), "nothing made");

        Reply defaulted = api.send("POST", "keys", byParent, "{\"description\":\"child\"}", "application/json",
                "X-Forwarded-For", office);
        assertEquals(201, defaulted.status(), defaulted.toString());
        assertEquals(List.of("203.0.113.0/24"), defaulted.data().getJsonArray("allowed_cidrs").getValuesAs(JsonString::getString),
                "without allowed_cidrs a key's child is limited like it");
        Reply narrower = api.send("POST", "keys", byParent, "{\"description\":\"child\",\"allowed_cidrs\":[\"203.0.113.64/26\"]}",
                "application/json", "X-Forwarded-For", office);
        assertEquals(201, narrower.status(), narrower.toString());

        Reply widenItself = api.send("PATCH", "keys/" + parent.getString("id"), byParent, "{\"allowed_cidrs\":[]}",
                "application/json", "X-Forwarded-For", office);
        assertEquals("addresses_beyond_calling_key", widenItself.code(), widenItself.toString());
        assertEquals(List.of("203.0.113.0/24"), api.get("keys/" + parent.getString("id"), admin).data()
                .getJsonArray("allowed_cidrs").getValuesAs(JsonString::getString), "unchanged");
        Reply narrowItself = api.send("PATCH", "keys/" + parent.getString("id"), byParent,
                "{\"allowed_cidrs\":[\"203.0.113.0/25\"]}", "application/json", "X-Forwarded-For", office);
        assertEquals(200, narrowItself.status(), narrowItself.toString());

        JsonObject open = api.createKey(admin, "{\"description\":\"usable anywhere\",\"access\":\"read_write\"}");
        Reply regenerateOpen = api.send("POST", "keys/" + open.getString("id") + "/regenerate", byParent, "{}",
                "application/json", "X-Forwarded-For", office);
        assertEquals(403, regenerateOpen.status(), regenerateOpen.toString());
        assertEquals("addresses_beyond_calling_key", regenerateOpen.code());
        assertEquals(200, api.get("me", Auth.bearer(open.getString("api_key"))).status(), "its secret is unchanged");
        Reply regenerateChild = api.send("POST", "keys/" + narrower.data().getString("id") + "/regenerate", byParent, "{}",
                "application/json", "X-Forwarded-For", office);
        assertEquals(200, regenerateChild.status(), regenerateChild.toString());

        Reply byPassword = api.post("keys", admin, "{\"description\":\"open\",\"allowed_cidrs\":[]}");
        assertEquals(201, byPassword.status(), "people are not limited: " + byPassword);
    }

    @Test
    void everyEventSaysWhichCredentialMadeIt() {
        JsonObject viaKey = api.createKey(admin, "{\"description\":\"audited\",\"access\":\"read_write\"}");
        Auth byKey = Auth.bearer(viaKey.getString("api_key"));
        String childId = api.createKey(byKey, "{\"description\":\"minted by a key\"}").getString("id");
        JsonObject created = api.get("keys/" + childId + "/events", admin).json().getJsonArray("data").getJsonObject(0);
        assertEquals("created", created.getString("type"));
        assertEquals("api_key", created.getString("auth_method"));
        assertEquals(viaKey.getString("id"), created.getString("via_key_id"));
        assertEquals(adminId, created.getString("actor_id"));

        JsonObject byPassword = api.get("keys/" + viaKey.getString("id") + "/events", admin).json()
                .getJsonArray("data").getJsonObject(0);
        assertEquals("password", byPassword.getString("auth_method"));
        assertEquals(JsonValue.NULL, byPassword.get("via_key_id"));
    }
}
