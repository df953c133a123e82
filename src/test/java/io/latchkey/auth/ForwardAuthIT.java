package io.latchkey.auth;

import static io.latchkey.testsupport.Eventually.poll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.latchkey.testsupport.Api;
import io.latchkey.testsupport.Api.Auth;
import io.latchkey.testsupport.Api.Reply;
import io.latchkey.testsupport.DeployedLatchkey;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code GET|HEAD /api/v1/auth/forward}: what a gateway asks before it lets a request through. */
class ForwardAuthIT extends DeployedLatchkey {

    private static final String PASSWORD = "gateway-password-1";

    String email;
    String managerId;
    Auth manager;

    @BeforeEach
    void setUp() {
        email = Api.uniqueEmail("gateway");
        managerId = api.createUser(email, PASSWORD, "token-manager");
        manager = Auth.basic(email, PASSWORD);
    }

    @Test
    void aValidKeyPassesWithItsIdentityInHeadersAndAnEmptyBody() {
        JsonObject key = api.createKey(manager, "{\"description\":\"gateway\",\"access\":\"read_write\"}");
        String organizationId = api.get("me", manager).data().getJsonObject("organization").getString("id");
        for (Auth auth : List.of(Auth.bearer(key.getString("api_key")), Auth.apiKey(key.getString("api_key")))) {
            for (String method : List.of("GET", "HEAD")) {
                Reply reply = api.send(method, "auth/forward", auth, null, null, "X-Forwarded-Method", "DELETE");
                assertEquals(200, reply.status(), method + " " + reply);
                assertEquals("", reply.body());
                assertEquals(key.getString("id"), reply.header("X-Latchkey-Key-Id"));
                assertEquals(managerId, reply.header("X-Latchkey-User-Id"));
                assertEquals(email, reply.header("X-Latchkey-User-Email"));
                assertEquals(organizationId, reply.header("X-Latchkey-Organization-Id"));
                assertEquals("token-manager", reply.header("X-Latchkey-Roles"));
                assertEquals("read_write", reply.header("X-Latchkey-Access"));
                assertEquals(key.getString("expires_at"), reply.header("Latchkey-Key-Expires-At"));
                assertTrue(reply.header("Cache-Control").contains("no-store"), reply.toString());
                assertEquals("nosniff", reply.header("X-Content-Type-Options"));
                assertNotNull(reply.header("X-Request-Id"), reply.toString());
            }
        }
    }

    @Test
    void otherMethodsAre405ProblemsThatNameTheAllowedOnes() {
        Auth key = Auth.apiKey(api.createKey(manager, "{\"description\":\"gateway\",\"access\":\"read_write\"}").getString("api_key"));
        for (String method : List.of("POST", "PUT", "PATCH", "DELETE")) {
            Reply reply = api.send(method, "auth/forward", key, "{}", "application/json", "X-Request-Id", "gateway-" + method);
            assertEquals(405, reply.status(), method + " " + reply);
            assertEquals("method_not_allowed", reply.code());
            assertEquals("GET, HEAD, OPTIONS", reply.header("Allow"));
            assertEquals("gateway-" + method, reply.header("X-Request-Id"));
            assertEquals(null, reply.header("X-Latchkey-Key-Id"), "no identity on a refusal");
        }
        Reply options = api.send("OPTIONS", "auth/forward", Auth.NONE, null, null);
        assertEquals(204, options.status(), options.toString());
        assertEquals("GET, HEAD, OPTIONS", options.header("Allow"));
    }

    @Test
    void aReadOnlyKeyPassesOnlyForReadsAndOnlyWhenTheGatewaySaysTheMethod() {
        Auth readOnly = Auth.bearer(api.createKey(manager, "{\"description\":\"reader\",\"access\":\"read_only\"}").getString("api_key"));
        for (String header : List.of("X-Forwarded-Method", "X-Original-Method")) {
            for (String read : List.of("GET", "HEAD", "OPTIONS")) {
                Reply reply = api.send("GET", "auth/forward", readOnly, null, null, header, read);
                assertEquals(200, reply.status(), header + ": " + read + " " + reply);
                assertEquals("read_only", reply.header("X-Latchkey-Access"));
            }
            for (String write : List.of("POST", "PUT", "PATCH", "DELETE", "PROPFIND")) {
                Reply reply = api.send("GET", "auth/forward", readOnly, null, null, header, write);
                assertEquals(403, reply.status(), header + ": " + write + " " + reply);
                assertEquals("read_only_key", reply.code());
                assertEquals(null, reply.header("X-Latchkey-User-Id"));
            }
        }
        Reply unsaid = api.get("auth/forward", readOnly);
        assertEquals(403, unsaid.status(), unsaid.toString());
        assertEquals("original_method_unknown", unsaid.code());
        for (String header : List.of("X-Forwarded-Method", "X-Original-Method")) {
            for (String garbage : List.of("get", "PO ST", "GET,POST", "X".repeat(30))) {
                Reply reply = api.send("GET", "auth/forward", readOnly, null, null, header, garbage);
                assertEquals(400, reply.status(), garbage + " " + reply);
                assertTrue(reply.body().contains(header), "the problem names " + header + ": " + reply);
            }
        }
        // a client adds a harmless-looking header next to the one its gateway sets: the write still counts
        for (String[] forged : List.of(new String[] {"X-Forwarded-Method", "GET", "X-Original-Method", "POST"},
                new String[] {"X-Forwarded-Method", "POST", "X-Original-Method", "GET"})) {
            Reply reply = api.send("GET", "auth/forward", readOnly, null, null, forged);
            assertEquals(403, reply.status(), reply.toString());
            assertEquals("read_only_key", reply.code());
        }
    }

    @Test
    void noKeyAPasswordOrADeadKeyIsRefusedAndDeadKeysAreAudited() {
        Reply none = api.get("auth/forward", Auth.NONE);
        assertEquals(401, none.status());
        assertEquals("key_required", none.code());
        assertNotNull(none.header("WWW-Authenticate"));
        Reply password = api.get("auth/forward", manager);
        assertEquals(401, password.status());
        assertEquals("key_required", password.code());
        String probe = "password-" + java.util.UUID.randomUUID();
        Reply unchecked = api.send("GET", "auth/forward", Auth.basic(email, "wrong-" + PASSWORD), null, null,
                "X-Test-Sql-Probe", probe);
        assertEquals("key_required", unchecked.code(), "a password is refused unchecked: " + unchecked);
        assertEquals(0, api.sqlStatements(probe), "no account lookup, no PBKDF2");
        assertEquals("key_invalid", api.get("auth/forward", Auth.bearer("lk_" + "a".repeat(38))).code());

        JsonObject key = api.createKey(manager, "{\"description\":\"to revoke\",\"access\":\"read_write\"}");
        Auth byKey = Auth.bearer(key.getString("api_key"));
        assertEquals(200, api.get("auth/forward", byKey).status());
        assertEquals(200, api.delete("keys/" + key.getString("id"), manager).status());
        for (int i = 0; i < 3; i++) {
            Reply dead = api.send("GET", "auth/forward", byKey, null, null, "X-Forwarded-For", "198.51.100.77");
            assertEquals(401, dead.status());
            assertEquals("key_revoked", dead.code());
        }
        assertNotNull(poll(() -> api.aggregatedUses(Auth.admin(), "revoked_key_used", key.getString("id"), "198.51.100.77") == 3
                ? true : null));
    }
}
