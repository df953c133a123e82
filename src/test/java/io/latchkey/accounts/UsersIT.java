package io.latchkey.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.latchkey.testsupport.Api;
import io.latchkey.testsupport.DeployedLatchkey;
import io.latchkey.testsupport.Api.Auth;
import io.latchkey.testsupport.Api.Reply;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Admins manage the users of their organization; the bootstrap admin exists from the first start. */
class UsersIT extends DeployedLatchkey {

    private static final String PASSWORD = "user-password-12";


    @BeforeEach
    void setUp() {
    }

    @Test
    void theBootstrapAdminExistsWithTheConfiguredPassword() {
        JsonObject me = api.get("me", Auth.admin()).data();
        assertEquals(Api.ADMIN_EMAIL, me.getString("email"));
        assertTrue(strings(me, "roles").contains("admin"));
        assertEquals("Default organization", me.getJsonObject("organization").getString("name"));
    }

    @Test
    void adminsCreateListReadAndEditUsers() {
        String email = Api.uniqueEmail("New.Person").replace("new.person", "New.Person");
        Reply created = api.post("users", Auth.admin(), "{\"email\":\"" + email + "\",\"name\":\" Ada \",\"password\":\""
                + PASSWORD + "\",\"roles\":[\"token-manager\",\"member\"]}");
        assertEquals(201, created.status(), created.toString());
        JsonObject user = created.data();
        String id = user.getString("id");
        assertEquals(email.toLowerCase(), user.getString("email"));
        assertEquals("Ada", user.getString("name"));
        assertEquals(List.of("member", "token-manager"), strings(user, "roles"));
        assertTrue(user.getBoolean("active"));
        assertFalse(created.body().contains(PASSWORD));
        assertFalse(created.body().contains("password"));
        assertTrue(created.header("Location").endsWith("/api/v1/users/" + id));

        assertEquals(id, api.get("users/" + id, Auth.admin()).data().getString("id"));
        // the Default organization collects every test class's users: the newest are on the last page
        int total = api.get("users?limit=1", Auth.admin()).json().getJsonObject("pagination").getInt("total");
        Reply list = api.get("users?limit=200&offset=" + Math.max(0, total - 200), Auth.admin());
        assertTrue(list.json().getJsonArray("data").stream()
                .anyMatch(v -> v.asJsonObject().getString("id").equals(id)));
        assertTrue(list.json().getJsonObject("pagination").getInt("total") >= 2);

        Reply edited = api.patch("users/" + id, Auth.admin(), "{\"name\":\"Ada L.\",\"roles\":[\"admin\"],\"password\":\"another-password-1\"}");
        assertEquals(200, edited.status(), edited.toString());
        assertEquals("Ada L.", edited.data().getString("name"));
        assertEquals(List.of("admin"), strings(edited.data(), "roles"));
        assertEquals(401, api.get("me", Auth.basic(email, PASSWORD)).status());
        assertEquals(200, api.get("me", Auth.basic(email.toUpperCase(), "another-password-1")).status());
    }

    @Test
    void usersAreSearchedByEmailOrNameWithinTheOrganizationOnly() {
        String token = java.util.UUID.randomUUID().toString().substring(0, 8);
        String byEmail = api.createUser(Api.uniqueEmail("find-" + token), PASSWORD, "member");
        Reply byName = api.post("users", Auth.admin(), "{\"email\":\"" + Api.uniqueEmail("other") + "\",\"name\":\"Grace "
                + token + "_x\",\"password\":\"" + PASSWORD + "\",\"roles\":[\"member\"]}");
        assertEquals(201, byName.status(), byName.toString());
        String foreignAdmin = Api.uniqueEmail("foreign-" + token);
        api.createOrganization("Foreign " + token, foreignAdmin, PASSWORD);

        Reply found = api.get("users?q=" + token.toUpperCase(), Auth.admin());
        assertEquals(200, found.status(), found.toString());
        assertEquals(List.of(byEmail, byName.data().getString("id")), found.json().getJsonArray("data").stream()
                .map(v -> v.asJsonObject().getString("id")).toList(), "both, oldest first; case does not matter; not the other organization's");
        assertEquals(2, found.json().getJsonObject("pagination").getInt("total"));
        assertEquals(1, api.get("users?q=" + token + "_x", Auth.admin()).json().getJsonObject("pagination").getInt("total"));
        assertEquals(0, api.get("users?q=" + token + "%25", Auth.admin()).json().getJsonObject("pagination").getInt("total"),
                "% is matched as itself, not as a wildcard");
        Reply tooLong = api.get("users?q=" + "a".repeat(255), Auth.admin());
        assertEquals(400, tooLong.status());
        assertEquals("q", tooLong.json().getJsonArray("errors").getJsonObject(0).getString("field"));
    }

    @Test
    void emailsAreUniqueWhateverTheirCase() {
        String email = Api.uniqueEmail("dup");
        api.createUser(email, PASSWORD, "member");
        Reply again = api.post("users", Auth.admin(), "{\"email\":\"" + email.toUpperCase() + "\",\"name\":\"x\",\"password\":\""
                + PASSWORD + "\",\"roles\":[\"member\"]}");
        assertEquals(409, again.status());
        assertEquals("email_taken", again.code());
    }

    @Test
    void invalidUsersAreRejectedAndNothingIsSaved() {
        int before = api.get("users", Auth.admin()).json().getJsonObject("pagination").getInt("total");
        for (String body : List.of(
                "{}",
                "{\"email\":\"not-an-email\",\"name\":\"x\",\"password\":\"" + PASSWORD + "\",\"roles\":[\"member\"]}",
                "{\"email\":\"a@b.co\",\"name\":\"x\",\"password\":\"short\",\"roles\":[\"member\"]}",
                "{\"email\":\"a@b.co\",\"name\":\"x\",\"password\":\"" + PASSWORD + "\",\"roles\":[\"superuser\"]}",
                "{\"email\":\"a@b.co\",\"name\":\"x\",\"password\":\"" + PASSWORD + "\",\"roles\":[]}",
                "{\"email\":\"a@b.co\",\"name\":\"x\",\"password\":\"" + PASSWORD + "\",\"roles\":\"admin\"}",
                "{\"email\":\"a@b.co\",\"name\":\"\",\"password\":\"" + PASSWORD + "\",\"roles\":[\"member\"]}",
                "{\"email\":\"a@b.co\",\"name\":\"x\",\"password\":\"" + PASSWORD + "\",\"roles\":[\"member\"],\"admin\":true}",
                "{\"email\":\"" + "\u0130".repeat(240) + "@b.co\",\"name\":\"x\",\"password\":\"" + PASSWORD + "\",\"roles\":[\"member\"]}")) {
            Reply reply = api.post("users", Auth.admin(), body);
            assertEquals(400, reply.status(), body + " -> " + reply);
            assertEquals("validation_failed", reply.code());
        }
        assertEquals(before, api.get("users", Auth.admin()).json().getJsonObject("pagination").getInt("total"));
        String id = api.createUser(Api.uniqueEmail("edit"), PASSWORD, "member");
        for (String body : List.of("{}", "{\"active\":\"yes\"}", "{\"roles\":[\"root\"]}", "{\"email\":\"x@y.z\"}")) {
            assertEquals(400, api.patch("users/" + id, Auth.admin(), body).status(), body);
        }
        assertEquals(404, api.get("users/nobody", Auth.admin()).status());
        assertEquals(404, api.patch("users/nobody", Auth.admin(), "{\"name\":\"x\"}").status());
    }

    @Test
    void theLastActiveAdminCannotBeRemoved() {
        String firstEmail = Api.uniqueEmail("first-admin");
        api.createOrganization("Admins " + firstEmail.substring(12, 20), firstEmail, PASSWORD);
        Auth first = Auth.basic(firstEmail, PASSWORD);
        String firstId = api.get("me", first).data().getString("id");

        Reply demote = api.patch("users/" + firstId, first, "{\"roles\":[\"member\"]}");
        assertEquals(409, demote.status());
        assertEquals("last_admin", demote.code());
        Reply deactivate = api.patch("users/" + firstId, first, "{\"active\":false}");
        assertEquals(409, deactivate.status());
        assertEquals(List.of("admin"), strings(api.get("me", first).data(), "roles"));

        String secondEmail = Api.uniqueEmail("second-admin");
        String second = api.createUser(first, secondEmail, PASSWORD, "admin");
        assertEquals(200, api.patch("users/" + firstId, first, "{\"active\":false}").status(),
                "with a second admin, the first may go");
        assertEquals(401, api.get("me", first).status());
        assertEquals(200, api.patch("users/" + firstId, Auth.basic(secondEmail, PASSWORD), "{\"active\":true}").status());
        assertEquals(200, api.patch("users/" + second, first, "{\"roles\":[\"member\"]}").status());
        assertEquals(409, api.patch("users/" + firstId, first, "{\"roles\":[\"member\"]}").status());
    }

    private static List<String> strings(JsonObject object, String field) {
        return object.getJsonArray(field).getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
    }
}
