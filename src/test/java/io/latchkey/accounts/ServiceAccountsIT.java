package io.latchkey.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.latchkey.testsupport.Api;
import io.latchkey.testsupport.Api.Auth;
import io.latchkey.testsupport.Api.Reply;
import io.latchkey.testsupport.DeployedLatchkey;
import io.latchkey.testsupport.MailServer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.mail.internet.MimeMessage;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Service accounts: users that are no person, so that keys do not die with whoever made them. They never sign
 * in, their keys are managed by admins and the managers they name, their responsible person gets the notices,
 * and that person leaving changes nothing for the keys.
 */
class ServiceAccountsIT extends DeployedLatchkey {

    private static final String PASSWORD = "service-password-1";

    @RegisterExtension
    static final MailServer smtp = new MailServer();

    Auth admin;
    String adminEmail;
    String personId;
    String personEmail;
    Auth manager;
    String managerId;
    Auth bystander;

    @BeforeEach
    void setUp() {
        adminEmail = Api.uniqueEmail("sa-admin");
        api.createOrganization("Service accounts " + UUID.randomUUID().toString().substring(0, 6), adminEmail, PASSWORD);
        admin = Auth.basic(adminEmail, PASSWORD);
        personEmail = Api.uniqueEmail("sa-person");
        personId = api.createUser(admin, personEmail, PASSWORD, "member");
        String managerEmail = Api.uniqueEmail("sa-manager");
        managerId = api.createUser(admin, managerEmail, PASSWORD, "token-manager");
        manager = Auth.basic(managerEmail, PASSWORD);
        String bystanderEmail = Api.uniqueEmail("sa-bystander");
        api.createUser(admin, bystanderEmail, PASSWORD, "token-manager");
        bystander = Auth.basic(bystanderEmail, PASSWORD);
    }

    private JsonObject serviceAccount(String name, String... managers) {
        Reply created = api.post("service-accounts", admin, Json.createObjectBuilder().add("name", name)
                .add("roles", Json.createArrayBuilder().add("token-manager")).add("responsible_id", personId)
                .add("manager_ids", Json.createArrayBuilder(List.of(managers))).build().toString());
        assertEquals(201, created.status(), created.toString());
        return created.data();
    }

    private JsonObject keyOf(Auth creator, String ownerId, int days) {
        return api.createKey(creator, Json.createObjectBuilder().add("description", "deploy pipeline").add("access", "read_write")
                .add("owner_id", ownerId).add("expires_in_days", days).build().toString());
    }

    @Test
    void aServiceAccountIsAUserThatNeverSignsIn() {
        JsonObject account = serviceAccount("Deploy pipeline");
        assertEquals("service", account.getString("kind"));
        assertEquals("service", account.getString("identity_source"));
        assertEquals(personId, account.getJsonObject("responsible").getString("id"));
        assertTrue(account.getString("email").endsWith("@service-accounts.invalid"), account.toString());
        String id = account.getString("id");
        for (String password : List.of("", "!external", PASSWORD)) {
            assertEquals(401, api.get("me", Auth.basic(account.getString("email"), password)).status(), password);
        }
        Reply session = api.post("session", Auth.NONE, Json.createObjectBuilder().add("email", account.getString("email"))
                .add("password", "!external").build().toString());
        assertEquals(401, session.status(), session.toString());
        Reply password = api.patch("users/" + id, admin, "{\"password\":\"a-password-for-it\"}");
        assertEquals(409, password.status(), password.toString());
        assertEquals("service_account_has_no_password", password.code());

        List<String> services = ids(api.get("users?kind=service", admin));
        assertEquals(List.of(id), services);
        List<String> people = ids(api.get("users?kind=person", admin));
        assertFalse(people.contains(id));
        assertTrue(people.contains(personId));
        assertEquals(people.size() + 1, api.get("users", admin).json().getJsonObject("pagination").getInt("total"));
        assertEquals(400, api.get("users?kind=robot", admin).status());
        assertEquals(403, api.post("service-accounts", manager, "{\"name\":\"x\",\"roles\":[\"member\"],\"responsible_id\":\""
                + personId + "\"}").status(), "only admins make service accounts");
    }

    private static List<String> ids(Reply reply) {
        assertEquals(200, reply.status(), reply.toString());
        return reply.json().getJsonArray("data").stream().map(v -> v.asJsonObject().getString("id")).toList();
    }

    @Test
    void badServiceAccountsAreRefusedAndChangeNothing() {
        JsonObject other = serviceAccount("Other");
        String otherAdmin = Api.uniqueEmail("sa-foreign");
        api.createOrganization("Foreign " + UUID.randomUUID().toString().substring(0, 6), otherAdmin, PASSWORD);
        String foreignPerson = api.get("me", Auth.basic(otherAdmin, PASSWORD)).data().getString("id");
        String bystanderId = api.get("me", bystander).data().getString("id");
        assertEquals(200, api.patch("users/" + bystanderId, admin, "{\"active\":false}").status());
        for (String body : List.of(
                "{\"name\":\"x\",\"roles\":[\"member\"]}",
                "{\"name\":\"x\",\"roles\":[\"member\"],\"responsible_id\":\"" + other.getString("id") + "\"}",
                "{\"name\":\"x\",\"roles\":[\"member\"],\"responsible_id\":\"" + bystanderId + "\"}",
                "{\"name\":\"x\",\"roles\":[\"member\"],\"responsible_id\":\"" + foreignPerson + "\"}",
                "{\"name\":\"x\",\"roles\":[\"operator\"],\"responsible_id\":\"" + personId + "\"}",
                "{\"name\":\"x\",\"roles\":[\"member\"],\"responsible_id\":\"" + personId + "\",\"manager_ids\":[\"" + personId + "\"]}",
                "{\"name\":\"x\",\"roles\":[\"member\"],\"responsible_id\":\"" + personId + "\",\"email\":\"x@example.com\"}",
                "{\"name\":\"x\",\"roles\":[\"member\"],\"responsible_id\":\"" + personId + "\",\"password\":\"a-long-password\"}")) {
            Reply reply = api.post("service-accounts", admin, body);
            assertTrue(reply.status() == 400 || reply.status() == 404, body + " " + reply);
        }
        assertEquals(1, ids(api.get("users?kind=service", admin)).size(), "nothing was made");
        Reply onPerson = api.patch("service-accounts/" + personId, admin, "{\"responsible_id\":\"" + personId + "\"}");
        assertEquals(400, onPerson.status(), onPerson.toString());
        assertEquals(404, api.patch("service-accounts/" + other.getString("id"), Auth.basic(otherAdmin, PASSWORD),
                "{\"responsible_id\":\"" + foreignPerson + "\"}").status(), "another organization's admin");
    }

    @Test
    void itsKeysAreManagedByAdminsAndTheManagersItNamesOnly() {
        JsonObject account = serviceAccount("CI", managerId);
        String id = account.getString("id");
        assertEquals(List.of(managerId), account.getJsonArray("manager_ids").getValuesAs(jakarta.json.JsonString.class)
                .stream().map(jakarta.json.JsonString::getString).toList());
        JsonObject byAdmin = keyOf(admin, id, 30);
        JsonObject byManager = keyOf(manager, id, 30);
        Reply me = api.get("me", Auth.bearer(byManager.getString("api_key")));
        assertEquals(id, me.data().getString("id"), "the key authenticates as the service account");

        Reply listed = api.get("keys?owner_id=" + id, manager);
        assertEquals(200, listed.status(), listed.toString());
        assertEquals(2, listed.json().getJsonArray("data").size());
        assertEquals(200, api.get("keys/" + byAdmin.getString("id"), manager).status());

        Reply foreign = api.post("keys", bystander, Json.createObjectBuilder().add("description", "x").add("owner_id", id)
                .build().toString());
        assertEquals(403, foreign.status(), foreign.toString());
        assertEquals(404, api.get("keys/" + byAdmin.getString("id"), bystander).status());
        assertEquals(403, api.get("keys?owner_id=" + id, bystander).status());
        assertEquals(404, api.delete("keys/" + byAdmin.getString("id"), bystander).status());

        assertEquals(200, api.delete("keys/" + byAdmin.getString("id"), manager).status(), "a manager revokes");
        assertEquals(200, api.patch("service-accounts/" + id, admin, "{\"manager_ids\":[]}").status());
        assertEquals(404, api.get("keys/" + byManager.getString("id"), manager).status(), "no longer a manager");
        assertEquals(200, api.get("me", Auth.bearer(byManager.getString("api_key"))).status(),
                "the key belongs to the account, not to whoever made it");
    }

    @Test
    void theResponsiblePersonLeavingChangesNothingForTheKeysAndTheAdminsAreTold() throws Exception {
        JsonObject account = serviceAccount("Nightly export");
        String id = account.getString("id");
        JsonObject key = keyOf(admin, id, 15);
        api.scanNotices();
        MimeMessage notice = single(smtp.inbox(personEmail));
        assertTrue(notice.getSubject().contains("deploy pipeline"), notice.getSubject());

        JsonObject later = keyOf(admin, id, 7);
        assertEquals(200, api.patch("users/" + personId, admin, "{\"active\":false}").status());
        assertEquals(200, api.get("me", Auth.bearer(key.getString("api_key"))).status(), "the account's keys keep working");
        JsonObject shown = api.get("users/" + id, admin).data();
        assertFalse(shown.getJsonObject("responsible").getBoolean("active"), shown.toString());
        MimeMessage told = io.latchkey.testsupport.Eventually.poll(() -> smtp.inbox(adminEmail).stream()
                .filter(m -> subject(m).contains("need someone to answer for them")).findFirst().orElse(null));
        assertTrue(subject(told).contains(personEmail), subject(told));
        assertTrue(body(told).contains("Nightly export"), "the mail names the account");
        Reply audit = api.get("audit?type=responsible_inactive", admin);
        assertEquals(id, audit.json().getJsonArray("data").getJsonObject(0).getString("user_id"), audit.toString());

        api.scanNotices();
        api.scanNotices();
        assertEquals(1, smtp.inbox(personEmail).size(), "nothing more to the deactivated person");
        MimeMessage escalated = single(smtp.inbox(adminEmail).stream()
                .filter(m -> subject(m).contains("answering for its service account")).toList());
        assertTrue(subject(escalated).contains(personEmail), subject(escalated));
        JsonObject noticeOfLater = api.get("notices?key_id=" + later.getString("id"), admin).json().getJsonArray("data")
                .getJsonObject(0);
        assertEquals("responsible_inactive", noticeOfLater.getString("escalation_reason"), noticeOfLater.toString());

        Reply renamed = api.patch("service-accounts/" + id, admin, "{\"responsible_id\":\""
                + api.get("me", admin).data().getString("id") + "\"}");
        assertEquals(200, renamed.status(), renamed.toString());
        assertTrue(renamed.data().getJsonObject("responsible").getBoolean("active"));
        assertEquals(200, api.patch("users/" + id, admin, "{\"active\":false}").status());
        assertEquals(401, api.get("me", Auth.bearer(key.getString("api_key"))).status(), "deactivating the account stops its keys");
    }

    private static String subject(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String body(MimeMessage message) {
        try {
            return ((jakarta.mail.internet.MimeMultipart) message.getContent()).getBodyPart(0).getContent().toString();
        } catch (jakarta.mail.MessagingException | java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static <T> T single(List<T> items) {
        assertEquals(1, items.size(), items.toString());
        return items.get(0);
    }

    static boolean isNull(JsonObject object, String field) {
        return object.get(field) == JsonValue.NULL;
    }
}
