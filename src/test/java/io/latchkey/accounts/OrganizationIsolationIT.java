package io.latchkey.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.latchkey.testsupport.Api;
import io.latchkey.testsupport.DeployedLatchkey;
import io.latchkey.testsupport.Api.Auth;
import io.latchkey.testsupport.Api.Reply;
import jakarta.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Two organizations, every role in each: nothing of one is visible or changeable from the other. */
class OrganizationIsolationIT extends DeployedLatchkey {

    private static final String PASSWORD = "isolation-pass-1";

    /** One organization's people and things. */
    record Org(Auth admin, Auth adminKey, Auth manager, Auth managerKey, Auth member, String managerId, String memberId,
               String keyId) {
    }

    private Org organization(Api api) {
        String adminEmail = Api.uniqueEmail("admin");
        api.createOrganization("Iso " + UUID.randomUUID().toString().substring(0, 6), adminEmail, PASSWORD);
        Auth admin = Auth.basic(adminEmail, PASSWORD);
        String managerEmail = Api.uniqueEmail("manager");
        String managerId = api.createUser(admin, managerEmail, PASSWORD, "token-manager");
        String memberEmail = Api.uniqueEmail("member");
        String memberId = api.createUser(admin, memberEmail, PASSWORD, "member");
        Auth manager = Auth.basic(managerEmail, PASSWORD);
        JsonObject managerKey = api.createKey(manager, "{\"description\":\"manager key\",\"access\":\"read_write\"}");
        JsonObject adminKey = api.createKey(admin, "{\"description\":\"admin key\",\"access\":\"read_write\"}");
        return new Org(admin, Auth.bearer(adminKey.getString("api_key")), manager,
                Auth.bearer(managerKey.getString("api_key")), Auth.basic(memberEmail, PASSWORD), managerId, memberId,
                managerKey.getString("id"));
    }

    @Test
    void everyCrossOrganizationReadAndWriteIsNotFound() {
        Org a = organization(api);
        Org b = organization(api);
        JsonObject bKeyBefore = api.get("keys/" + b.keyId(), b.admin()).data();

        Map<String, Function<Auth, Reply>> attempts = new LinkedHashMap<>();
        attempts.put("read key", auth -> api.get("keys/" + b.keyId(), auth));
        attempts.put("edit key", auth -> api.patch("keys/" + b.keyId(), auth, "{\"description\":\"pwned\"}"));
        attempts.put("regenerate key", auth -> api.post("keys/" + b.keyId() + "/regenerate", auth, "{}"));
        attempts.put("revoke key", auth -> api.delete("keys/" + b.keyId(), auth));
        attempts.put("key events", auth -> api.get("keys/" + b.keyId() + "/events", auth));
        attempts.put("key for their user", auth -> api.post("keys", auth,
                "{\"description\":\"x\",\"owner_id\":\"" + b.managerId() + "\"}"));
        attempts.put("read user", auth -> api.get("users/" + b.memberId(), auth));
        attempts.put("edit user", auth -> api.patch("users/" + b.memberId(), auth, "{\"active\":false}"));

        for (Auth caller : List.of(a.admin(), a.adminKey(), a.manager(), a.managerKey(), a.member())) {
            for (var attempt : attempts.entrySet()) {
                Reply reply = attempt.getValue().apply(caller);
                boolean forOthers = attempt.getKey().equals("key for their user");
                boolean mayManageKeys = caller != a.member() && (!forOthers || caller == a.admin() || caller == a.adminKey());
                boolean usersEndpoint = attempt.getKey().contains("user") && !attempt.getKey().startsWith("key");
                boolean mayManageUsers = caller == a.admin() || caller == a.adminKey();
                boolean roleAllows = usersEndpoint ? mayManageUsers : mayManageKeys;
                if (roleAllows) {
                    assertEquals(404, reply.status(), attempt.getKey() + " -> " + reply);
                } else {
                    assertEquals(403, reply.status(), attempt.getKey() + " -> " + reply);
                    assertEquals("insufficient_role", reply.code());
                }
            }
        }

        for (Auth admin : List.of(a.admin(), a.adminKey())) {
            assertEquals(0, total(api.get("keys?owner_id=" + b.managerId(), admin)));
            assertEquals(0, total(api.get("audit?key_id=" + b.keyId(), admin)));
            assertEquals(0, total(api.get("notices?key_id=" + b.keyId(), admin)));
            String users = api.get("users?limit=200", admin).body();
            assertTrue(!users.contains(b.memberId()) && !users.contains(b.managerId()), users);
            String keys = api.get("keys?limit=200", admin).body();
            assertTrue(!keys.contains(b.keyId()), keys);
        }
        assertEquals(bKeyBefore.getString("description"), api.get("keys/" + b.keyId(), b.admin()).data().getString("description"));
        assertEquals("active", api.get("keys/" + b.keyId(), b.admin()).data().getString("status"));
        assertEquals(200, api.get("me", b.managerKey()).status(), "their key still works");
        assertTrue(api.get("users/" + b.memberId(), b.admin()).data().getBoolean("active"));
    }

    private static int total(Reply reply) {
        assertEquals(200, reply.status(), reply.toString());
        return reply.json().getJsonObject("pagination").getInt("total");
    }
}
