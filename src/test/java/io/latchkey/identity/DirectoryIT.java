package io.latchkey.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.latchkey.testsupport.Api;
import io.latchkey.testsupport.Api.Auth;
import io.latchkey.testsupport.Api.Reply;
import io.latchkey.testsupport.DeployedLatchkey;
import io.latchkey.testsupport.Directory;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Passwords checked against a real LDAP directory (testsupport.Directory): Basic and console sign-in of
 * directory users, roles from groups, and the sync that cuts off leavers.
 */
class DirectoryIT extends DeployedLatchkey {

    @RegisterExtension
    static final Directory directory = new Directory();

    private static final String PASSWORD = "directory-password-1";

    private record Person(String dn, String email) {
    }

    private static Person person(String label, String... groups) throws Exception {
        String uid = label + "-" + UUID.randomUUID().toString().substring(0, 8);
        String email = uid + "@corp.example";
        return new Person(directory.addPerson(uid, email, "Person " + label, PASSWORD, groups), email);
    }

    private JsonObject me(Person person) {
        Reply me = api.get("me", Auth.basic(person.email(), PASSWORD));
        assertEquals(200, me.status(), me.toString());
        return me.data();
    }

    /** A read-only key of the person's own, made with their directory password. */
    private String keyOf(Person person) {
        return api.createKey(Auth.basic(person.email(), PASSWORD),
                "{\"description\":\"bot\",\"access\":\"read_only\",\"expires_in_days\":30}").getString("api_key");
    }

    private JsonObject user(String id) {
        return api.get("users/" + id, Auth.admin()).data();
    }

    private static List<String> roles(JsonObject user) {
        return user.getJsonArray("roles").getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
    }

    private JsonObject sync() {
        Reply run = api.post("directory/sync", Auth.admin(), "");
        assertEquals(200, run.status(), run.toString());
        return run.data();
    }

    @Test
    void aDirectoryUserSignsInWithBasicAndGetsTheRolesOfTheirGroups() throws Exception {
        Person alice = person("alice", Directory.TOKEN_MANAGERS);
        JsonObject me = me(alice);
        assertEquals(alice.email(), me.getString("email"));
        assertEquals(List.of("token-manager"), roles(me));
        JsonObject user = user(me.getString("id"));
        assertEquals("ldap", user.getString("identity_source"));
        assertEquals("Default organization", me.getJsonObject("organization").getString("name"));

        Person member = person("member");
        assertEquals(List.of("member"), roles(me(member)));
    }

    @Test
    void aWrongDirectoryPasswordOrAnUnknownPersonIsRefused() throws Exception {
        Person bob = person("bob", Directory.ADMINS);
        assertEquals(401, api.get("me", Auth.basic(bob.email(), "not-the-password")).status());
        assertEquals(401, api.get("me", Auth.basic(bob.email(), "")).status());
        assertEquals(401, api.get("me", Auth.basic("nobody-" + UUID.randomUUID() + "@corp.example", PASSWORD)).status());
        assertEquals(200, api.get("me", Auth.basic(bob.email(), PASSWORD)).status());
    }

    @Test
    void consoleSignInChecksTheDirectoryAndIsAudited() throws Exception {
        Person carol = person("carol", Directory.ADMINS);
        Reply session = api.post("session", Auth.NONE, "{\"email\":\"" + carol.email() + "\",\"password\":\"" + PASSWORD + "\"}");
        assertEquals(200, session.status(), session.toString());
        assertTrue(session.data().getString("csrf_token").length() > 20);
        assertEquals(401, api.post("session", Auth.NONE, "{\"email\":\"" + carol.email() + "\",\"password\":\"wrong-password-1\"}").status());

        String id = me(carol).getString("id");
        Reply events = api.get("audit?actor_id=" + id + "&type=signed_in", Auth.admin());
        assertEquals(200, events.status(), events.toString());
        assertTrue(events.body().contains("\"method\":\"ldap\""), events.body());
    }

    @Test
    void localUsersStillSignInWithTheirLatchkeyPassword() {
        String email = Api.uniqueEmail("local");
        api.createUser(email, "local-password-12", "member");
        assertEquals(200, api.get("me", Auth.basic(email, "local-password-12")).status());
        assertEquals(200, api.get("me", Auth.admin()).status());
    }

    @Test
    void theSyncDeactivatesALeaverAndTheirKeyIsRefusedAtOnce() throws Exception {
        Person stays = person("stays", Directory.TOKEN_MANAGERS);
        Person leaver = person("leaver", Directory.TOKEN_MANAGERS);
        me(stays);
        String leaverId = me(leaver).getString("id");
        String key = keyOf(leaver);
        assertEquals(200, api.get("me", Auth.bearer(key)).status());

        directory.remove(leaver.dn());
        JsonObject run = sync();
        assertTrue(run.getInt("deactivated") >= 1, run.toString());
        assertTrue(run.isNull("error"), run.toString());

        Reply refused = api.get("me", Auth.bearer(key));
        assertEquals(401, refused.status(), refused.toString());
        assertEquals("key_owner_inactive", refused.code());
        assertFalse(user(leaverId).getBoolean("active"));
        assertEquals(401, api.get("me", Auth.basic(leaver.email(), PASSWORD)).status());
        assertEquals(200, api.get("me", Auth.basic(stays.email(), PASSWORD)).status());
        assertTrue(api.get("audit?type=directory_deactivated&limit=200", Auth.admin()).body().contains(leaverId));

        JsonObject last = api.get("directory/sync", Auth.admin()).data();
        assertEquals(run.getString("id"), last.getString("id"));
    }

    @Test
    void anotherEntryWithALeaversEmailIsNotTheLeaver() throws Exception {
        Person leaver = person("reused", Directory.ADMINS);
        String id = me(leaver).getString("id");
        directory.remove(leaver.dn());
        String newcomer = directory.addPerson("newcomer-" + UUID.randomUUID().toString().substring(0, 8), leaver.email(),
                "Someone else", PASSWORD, Directory.ADMINS);
        assertTrue(sync().getInt("deactivated") >= 1);
        assertFalse(user(id).getBoolean("active"), "the leaver's account is not handed to the newcomer");
        assertEquals(401, api.get("me", Auth.basic(leaver.email(), PASSWORD)).status(),
                "the newcomer signs in once an admin has dealt with the old account");
        directory.remove(newcomer);
    }

    @Test
    void aPersonMovedInTheTreeStaysTheSameUserWithTheirKeys() throws Exception {
        Person hana = person("hana", Directory.TOKEN_MANAGERS);
        String id = me(hana).getString("id");
        String key = keyOf(hana);

        String moved = directory.moveToEngineering(hana.dn());
        assertEquals(id, me(hana).getString("id"), "a sign-in after the move is the same user, not a new one");
        JsonObject run = sync();
        assertTrue(run.isNull("error"), run.toString());
        assertTrue(user(id).getBoolean("active"), "the sync knows the entry by its entryUUID, not its DN: " + run);
        assertEquals(List.of("token-manager"), roles(user(id)));
        assertEquals(200, api.get("keys", Auth.bearer(key)).status(), "their keys keep working");
        assertFalse(api.get("audit?type=directory_deactivated&limit=200", Auth.admin()).body().contains(id));

        directory.remove(moved);
        sync();
        assertEquals("key_owner_inactive", api.get("keys", Auth.bearer(key)).code(), "gone from the new place is gone");
    }

    @Test
    void aNewEmailInTheDirectoryIsFollowedNotTakenForALeaver() throws Exception {
        Person ivan = person("ivan", Directory.TOKEN_MANAGERS);
        String id = me(ivan).getString("id");
        String key = keyOf(ivan);
        String renamed = "renamed-" + ivan.email();
        directory.changeEmail(ivan.dn(), renamed);

        JsonObject run = sync();
        assertTrue(run.isNull("error"), run.toString());
        JsonObject user = user(id);
        assertTrue(user.getBoolean("active"), "found again by id: " + run);
        assertEquals(renamed, user.getString("email"), "Latchkey's email follows the directory's");
        assertEquals(200, api.get("keys", Auth.bearer(key)).status(), "their keys keep working");
        assertEquals(id, me(new Person(ivan.dn(), renamed)).getString("id"), "the new email signs in as the same user");
        assertEquals(401, api.get("me", Auth.basic(ivan.email(), PASSWORD)).status(), "the old one no longer does");
        assertTrue(api.get("audit?type=user_changed&limit=200", Auth.admin()).body().contains(renamed));

        String again = "again-" + ivan.email();
        directory.changeEmail(ivan.dn(), again);
        assertEquals(id, me(new Person(ivan.dn(), again)).getString("id"), "a sign-in before the sync follows it too");
        assertEquals(again, user(id).getString("email"));
    }

    @Test
    void aNewEmailThatIsAnotherUsersDeactivatesRatherThanLeaveTheOldOne() throws Exception {
        Person jill = person("jill", Directory.TOKEN_MANAGERS);
        String id = me(jill).getString("id");
        String key = keyOf(jill);
        String taken = Api.uniqueEmail("taken");
        api.createUser(taken, "local-password-12", "member");
        directory.changeEmail(jill.dn(), taken);

        JsonObject run = sync();
        assertTrue(run.getInt("deactivated") >= 1, run.toString());
        assertFalse(user(id).getBoolean("active"), "her old email may be someone else's now: her keys must not speak for her");
        assertEquals(jill.email(), user(id).getString("email"));
        assertEquals("key_owner_inactive", api.get("keys", Auth.bearer(key)).code());
        assertTrue(api.get("audit?type=directory_deactivated&limit=200", Auth.admin()).body().contains("another Latchkey user"));
        assertEquals(200, api.get("me", Auth.basic(taken, "local-password-12")).status(), "the local user is untouched");
    }

    @Test
    void theSyncSetsRolesFromGroupsAndTheKeysLoseARemovedRole() throws Exception {
        Person dave = person("dave", Directory.TOKEN_MANAGERS);
        String id = me(dave).getString("id");
        String key = keyOf(dave);
        assertEquals(200, api.get("keys", Auth.bearer(key)).status());

        directory.leave(dave.dn(), Directory.TOKEN_MANAGERS);
        assertTrue(sync().getInt("roles_changed") >= 1);
        assertEquals(List.of("member"), roles(user(id)));
        assertEquals(403, api.get("keys", Auth.bearer(key)).status());
        assertTrue(api.get("audit?type=roles_from_groups&limit=200", Auth.admin()).body().contains(id));

        directory.join(dave.dn(), Directory.ADMINS);
        assertEquals(List.of("admin"), roles(me(dave)));
    }

    @Test
    void whileTheDirectoryIsDownTheSyncDeactivatesNobody() throws Exception {
        Person erin = person("erin", Directory.TOKEN_MANAGERS);
        String id = me(erin).getString("id");
        directory.stop();
        try {
            JsonObject run = sync();
            assertEquals(0, run.getInt("deactivated"));
            assertFalse(run.isNull("error"), run.toString());
            assertTrue(user(id).getBoolean("active"));
            Reply busy = api.get("me", Auth.basic(erin.email(), PASSWORD));
            assertTrue(busy.status() == 429 || busy.status() == 503, busy.toString());
            assertEquals("directory_unavailable", busy.code());
        } finally {
            directory.start();
        }
        assertEquals(200, api.get("me", Auth.basic(erin.email(), PASSWORD)).status());
    }

    @Test
    void eachIntervalsTimedSyncRunsOnceHoweverManyTimersFire() throws Exception {
        Person gina = person("gina", Directory.TOKEN_MANAGERS);
        me(gina);
        long slot = Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000_000L); // no earlier run's
        List<Boolean> ran = new java.util.concurrent.CopyOnWriteArrayList<>();
        Thread[] timers = new Thread[4];
        for (int i = 0; i < timers.length; i++) {
            timers[i] = new Thread(() -> ran.add(api.post("test-support/directory-sync/" + slot, Auth.NONE, "").data()
                    .getBoolean("ran")));
        }
        for (Thread timer : timers) {
            timer.start();
        }
        for (Thread timer : timers) {
            timer.join();
        }
        assertEquals(timers.length, ran.size());
        assertEquals(1, ran.stream().filter(r -> r).count(), ran.toString());
        assertEquals("timer", api.get("directory/sync", Auth.admin()).data().getString("trigger"));
    }

    @Test
    void onlyAdminsOfTheDirectorysOrganizationRunTheSync() throws Exception {
        String otherAdmin = Api.uniqueEmail("other-admin");
        api.createOrganization("Other " + UUID.randomUUID().toString().substring(0, 6), otherAdmin, "other-password-12");
        Reply foreign = api.post("directory/sync", Auth.basic(otherAdmin, "other-password-12"), "");
        assertEquals(403, foreign.status(), foreign.toString());
        assertEquals("not_directory_organization", foreign.code());

        Person manager = person("manager", Directory.TOKEN_MANAGERS);
        assertEquals(403, api.post("directory/sync", Auth.basic(manager.email(), PASSWORD), "").status());
    }

    @Test
    void rolesAndPasswordsOfDirectoryUsersAreTheDirectorys() throws Exception {
        Person frank = person("frank", Directory.TOKEN_MANAGERS);
        String id = me(frank).getString("id");
        Reply roles = api.patch("users/" + id, Auth.admin(), "{\"roles\":[\"admin\"]}");
        assertEquals(409, roles.status(), roles.toString());
        assertEquals("managed_by_ldap", roles.code());
        Reply password = api.patch("users/" + id, Auth.admin(), "{\"password\":\"a-new-password-1\"}");
        assertEquals(409, password.status());
        assertEquals(List.of("token-manager"), roles(user(id)));
    }

    /**
     * Where directory users go is decided by id, once: renaming the organization, and another organization
     * taking its old name, send nobody elsewhere, and the sync still covers the organization it covered.
     */
    @Test
    void aRenameOrACopiedNameMovesNobody() throws Exception {
        JsonObject home = api.get("me", Auth.admin()).data().getJsonObject("organization");
        String name = home.getString("name");
        Person before = person("before-rename", Directory.TOKEN_MANAGERS);
        assertEquals(home.getString("id"), me(before).getJsonObject("organization").getString("id"));
        String impostor = Api.uniqueEmail("impostor");
        try {
            assertEquals(200, api.patch("organization", Auth.admin(), "{\"name\":\"Renamed " + UUID.randomUUID() + "\"}").status());
            api.createOrganization(name, impostor, "impostor-password-1");

            Person after = person("after-rename", Directory.TOKEN_MANAGERS);
            assertEquals(home.getString("id"), me(after).getJsonObject("organization").getString("id"),
                    "a new directory user lands in the same organization, not in the one that took its name");
            Reply foreign = api.post("directory/sync", Auth.basic(impostor, "impostor-password-1"), "");
            assertEquals(403, foreign.status(), "the impostor's admin runs no sync: " + foreign);
            assertEquals(200, api.post("directory/sync", Auth.admin(), "").status());
        } finally {
            assertEquals(200, api.patch("organization", Auth.admin(), "{\"name\":\"" + name + "\"}").status());
        }
    }
}
