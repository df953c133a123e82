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
import java.util.ArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

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

    /**
     * One named case per (caller of organization A, attempt on organization B): 404 when the caller's role
     * allows the action at all (another organization's things do not exist for them), else 403; then
     * nothing of B is listed to A, and B's things are untouched.
     */
    @TestFactory
    Stream<DynamicTest> everyCrossOrganizationReadAndWriteIsNotFound() {
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

        Map<String, Auth> callers = new LinkedHashMap<>();
        callers.put("admin by password", a.admin());
        callers.put("admin by key", a.adminKey());
        callers.put("token manager by password", a.manager());
        callers.put("token manager by key", a.managerKey());
        callers.put("member by password", a.member());

        List<DynamicTest> cases = new ArrayList<>();
        for (var caller : callers.entrySet()) {
            for (var attempt : attempts.entrySet()) {
                Auth auth = caller.getValue();
                boolean forOthers = attempt.getKey().equals("key for their user");
                boolean mayManageKeys = auth != a.member() && (!forOthers || auth == a.admin() || auth == a.adminKey());
                boolean usersEndpoint = attempt.getKey().contains("user") && !attempt.getKey().startsWith("key");
                boolean mayManageUsers = auth == a.admin() || auth == a.adminKey();
                boolean roleAllows = usersEndpoint ? mayManageUsers : mayManageKeys;
                cases.add(DynamicTest.dynamicTest(caller.getKey() + ": " + attempt.getKey() + " -> "
                        + (roleAllows ? "404" : "403"), () -> {
                    Reply reply = attempt.getValue().apply(auth);
                    assertEquals(roleAllows ? 404 : 403, reply.status(), reply.toString());
                    if (!roleAllows) {
                        assertEquals("insufficient_role", reply.code());
                    }
                }));
            }
        }
        for (var admin : List.of(Map.entry("admin by password", a.admin()), Map.entry("admin by key", a.adminKey()))) {
            cases.add(DynamicTest.dynamicTest(admin.getKey() + ": lists show nothing of the other organization", () -> {
                assertEquals(0, total(api.get("keys?owner_id=" + b.managerId(), admin.getValue())));
                assertEquals(0, total(api.get("audit?key_id=" + b.keyId(), admin.getValue())));
                assertEquals(0, total(api.get("notices?key_id=" + b.keyId(), admin.getValue())));
                String users = api.get("users?limit=200", admin.getValue()).body();
                assertTrue(!users.contains(b.memberId()) && !users.contains(b.managerId()), users);
                String keys = api.get("keys?limit=200", admin.getValue()).body();
                assertTrue(!keys.contains(b.keyId()), keys);
            }));
        }
        cases.add(DynamicTest.dynamicTest("the other organization's things are untouched", () -> {
            assertEquals(bKeyBefore.getString("description"), api.get("keys/" + b.keyId(), b.admin()).data().getString("description"));
            assertEquals("active", api.get("keys/" + b.keyId(), b.admin()).data().getString("status"));
            assertEquals(200, api.get("me", b.managerKey()).status(), "their key still works");
            assertTrue(api.get("users/" + b.memberId(), b.admin()).data().getBoolean("active"));
        }));
        return cases.stream();
    }

    private static int total(Reply reply) {
        assertEquals(200, reply.status(), reply.toString());
        return reply.json().getJsonObject("pagination").getInt("total");
    }
}
