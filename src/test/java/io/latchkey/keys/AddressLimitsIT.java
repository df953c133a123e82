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
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Per-key address limits: {@code allowed_cidrs} on a key; a use from any other client address (as the
 * trusted-proxy rules determine it: the tests' loopback peer is a trusted proxy, so X-Forwarded-For
 * speaks for the client) is {@code 403 address_not_allowed} and audited like a dead key's use.
 */
class AddressLimitsIT extends DeployedLatchkey {

    private static final String PASSWORD = "addresses-password-1";

    Auth admin;
    Auth manager;
    String managerEmail;

    @BeforeEach
    void setUp() {
        String adminEmail = Api.uniqueEmail("admin");
        api.createOrganization("Addresses " + java.util.UUID.randomUUID().toString().substring(0, 6), adminEmail, PASSWORD);
        admin = Auth.basic(adminEmail, PASSWORD);
        managerEmail = Api.uniqueEmail("limited");
        api.createUser(admin, managerEmail, PASSWORD, "token-manager");
        manager = Auth.basic(managerEmail, PASSWORD);
    }

    private JsonObject keyFrom(String... networks) {
        return api.createKey(manager, Json.createObjectBuilder().add("description", "limited").add("access", "read_write")
                .add("allowed_cidrs", Json.createArrayBuilder(List.of(networks))).build().toString());
    }

    private static List<String> networks(JsonObject key) {
        return key.getJsonArray("allowed_cidrs").getValuesAs(JsonString::getString);
    }

    @Test
    void anIpv4KeyWorksOnlyFromItsNetworks() {
        JsonObject key = keyFrom("203.0.113.77/24", "192.0.2.10");
        assertEquals(List.of("203.0.113.0/24", "192.0.2.10/32"), networks(key), "kept in canonical form");
        Auth byKey = Auth.bearer(key.getString("api_key"));
        assertEquals(200, api.getFrom("203.0.113.5", "me", byKey).status());
        assertEquals(200, api.getFrom("192.0.2.10", "me", byKey).status());
        Reply elsewhere = api.getFrom("198.51.100.44", "me", byKey);
        assertEquals(403, elsewhere.status(), elsewhere.toString());
        assertEquals("address_not_allowed", elsewhere.code());
        assertEquals(403, api.getFrom("192.0.2.11", "me", byKey).status());

        JsonObject event = poll(() -> api.get("audit?type=address_not_allowed&key_id=" + key.getString("id"), admin)
                .json().getJsonArray("data").stream().map(JsonValue::asJsonObject)
                .filter(e -> e.getString("client_ip").equals("198.51.100.44")).findFirst().orElse(null));
        assertEquals(1, event.getInt("count"), "aggregated per key, client and hour: " + event);
        assertFalse(event.toString().contains(key.getString("api_key")));
    }

    @Test
    void anIpv6KeyWorksOnlyFromItsNetworks() {
        JsonObject key = keyFrom("2001:DB8:ABCD:0012::/48");
        assertEquals(List.of("2001:db8:abcd::/48"), networks(key));
        Auth byKey = Auth.bearer(key.getString("api_key"));
        assertEquals(200, api.getFrom("2001:db8:abcd:1::5", "me", byKey).status());
        assertEquals("address_not_allowed", api.getFrom("2001:db8:abce::1", "me", byKey).code());
        assertEquals("address_not_allowed", api.getFrom("203.0.113.5", "me", byKey).code());
    }

    @Test
    void editingTheNetworksAppliesAtOnceAndAnEmptyListAllowsAnyAddress() {
        JsonObject key = keyFrom("203.0.113.0/24");
        String id = key.getString("id");
        Auth byKey = Auth.bearer(key.getString("api_key"));
        assertEquals(200, api.getFrom("203.0.113.9", "me", byKey).status());
        Reply moved = api.patch("keys/" + id, manager, "{\"allowed_cidrs\":[\"198.51.100.0/24\"]}");
        assertEquals(200, moved.status(), moved.toString());
        assertEquals(List.of("198.51.100.0/24"), networks(moved.data()));
        assertEquals("address_not_allowed", api.getFrom("203.0.113.9", "me", byKey).code(), "the old network, at once");
        assertEquals(200, api.getFrom("198.51.100.9", "me", byKey).status());
        Reply opened = api.patch("keys/" + id, manager, "{\"allowed_cidrs\":[]}");
        assertEquals(List.of(), networks(opened.data()));
        assertEquals(200, api.getFrom("203.0.113.9", "me", byKey).status());
        assertEquals("limited", api.patch("keys/" + id, manager, "{\"description\":\"limited\"}").data().getString("description"));

        JsonObject edited = api.get("keys/" + id + "/events", manager).json().getJsonArray("data").stream()
                .map(JsonValue::asJsonObject).filter(e -> e.getString("type").equals("edited")).reduce((newer, older) -> older)
                .orElseThrow().getJsonObject("details");
        assertEquals(List.of("203.0.113.0/24"), edited.getJsonObject("allowed_cidrs").getJsonArray("before").getValuesAs(JsonString::getString));
    }

    @Test
    void badNetworksAreRefusedAndChangeNothing() {
        long before = api.get("keys", manager).json().getJsonObject("pagination").getInt("total");
        for (String networks : List.of("[\"example.com\"]", "[\"10.0.0.0/33\"]", "[\"2001:db8::/129\"]", "[\"10.0.0.1/x\"]",
                "[\"\"]", "\"10.0.0.0/8\"", "[10]",
                Json.createArrayBuilder(Collections.nCopies(33, "10.0.0.0/8")).build().toString())) {
            Reply refused = api.post("keys", manager, "{\"description\":\"bad\",\"allowed_cidrs\":" + networks + "}");
            assertEquals(400, refused.status(), networks + ": " + refused);
            assertEquals("allowed_cidrs", refused.json().getJsonArray("errors").getJsonObject(0).getString("field"), networks);
        }
        assertEquals(before, api.get("keys", manager).json().getJsonObject("pagination").getInt("total"));
        JsonObject key = keyFrom("203.0.113.0/24");
        Reply refused = api.patch("keys/" + key.getString("id"), manager, "{\"allowed_cidrs\":[\"nope\"]}");
        assertEquals(400, refused.status());
        assertEquals(List.of("203.0.113.0/24"), networks(api.get("keys/" + key.getString("id"), manager).data()));
    }

    @Test
    void forwardAuthAndVerifyApplyTheLimitToTheAddressTheyAreGiven() {
        JsonObject key = keyFrom("203.0.113.0/24");
        String secret = key.getString("api_key");
        Reply inside = api.send("GET", "auth/forward", Auth.bearer(secret), null, null,
                "X-Forwarded-For", "203.0.113.20", "X-Original-Method", "GET");
        assertEquals(200, inside.status(), inside.toString());
        Reply outside = api.send("GET", "auth/forward", Auth.bearer(secret), null, null,
                "X-Forwarded-For", "198.51.100.20", "X-Original-Method", "GET");
        assertEquals(403, outside.status());
        assertEquals("address_not_allowed", outside.code());

        String verifierId = api.createUser(admin, Api.uniqueEmail("backend"), PASSWORD, "verifier");
        Auth verifier = Auth.bearer(api.createKey(admin, "{\"description\":\"backend\",\"owner_id\":\"" + verifierId + "\"}")
                .getString("api_key"));
        JsonObject good = api.post("keys/verify", verifier, "{\"key\":\"" + secret + "\",\"client_ip\":\"203.0.113.20\"}").data();
        assertTrue(good.getBoolean("valid"), good.toString());
        JsonObject bad = api.post("keys/verify", verifier, "{\"key\":\"" + secret + "\",\"client_ip\":\"198.51.100.20\"}").data();
        assertEquals("address_not_allowed", bad.getString("code"));
        JsonObject unsaid = api.post("keys/verify", verifier, "{\"key\":\"" + secret + "\"}").data();
        assertEquals("address_not_allowed", unsaid.getString("code"), "without client_ip a limited key fails closed");
        Reply garbage = api.post("keys/verify", verifier, "{\"key\":\"" + secret + "\",\"client_ip\":\"my laptop\"}");
        assertEquals(400, garbage.status());
        JsonObject open = api.createKey(manager, "{\"description\":\"open\"}");
        assertTrue(api.post("keys/verify", verifier, "{\"key\":\"" + open.getString("api_key") + "\"}").data().getBoolean("valid"));
        assertNotNull(open.getJsonArray("allowed_cidrs"));
    }
}
