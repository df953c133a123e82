package io.latchkey.leaks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.latchkey.keys.control.SecretCodec;
import io.latchkey.testsupport.Api;
import io.latchkey.testsupport.Api.Auth;
import io.latchkey.testsupport.Api.Reply;
import io.latchkey.testsupport.DeployedLatchkey;
import io.latchkey.testsupport.Eventually;
import io.latchkey.testsupport.MailServer;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code POST /api/v1/leaks}: a reported active key is revoked before the answer, which is the same
 * whether anything matched; the owner and the organization's admins hear by mail, nobody else; the
 * audit trail says where the key was found and never holds it. Every test has an organization of its
 * own and speaks from addresses of its own (X-Forwarded-For from the trusted loopback proxy).
 */
class LeakReportsIT extends DeployedLatchkey {

    private static final String PASSWORD = "leak-report-pass-1";
    /** The test server's limit per address and window (LATCHKEY_AUTH_THROTTLE_LIMIT). */
    private static final int ADDRESS_LIMIT = 50;

    @RegisterExtension
    static final MailServer smtp = new MailServer();

    String adminEmail;
    String secondAdminEmail;
    String ownerEmail;
    Auth admin;
    String keyId;
    String key;

    @BeforeEach
    void setUp() {
        adminEmail = Api.uniqueEmail("leak-admin");
        api.createOrganization("Leaks " + UUID.randomUUID().toString().substring(0, 6), adminEmail, PASSWORD);
        admin = Auth.basic(adminEmail, PASSWORD);
        secondAdminEmail = Api.uniqueEmail("leak-admin2");
        api.createUser(admin, secondAdminEmail, PASSWORD, "admin");
        ownerEmail = Api.uniqueEmail("leak-owner");
        api.createUser(admin, ownerEmail, PASSWORD, "token-manager");
        JsonObject created = api.createKey(Auth.basic(ownerEmail, PASSWORD),
                "{\"description\":\"deploy bot\",\"access\":\"read_write\"}");
        keyId = created.getString("id");
        key = created.getString("api_key");
    }

    private static String address() {
        return Api.freshAddress();
    }

    private Reply report(String body) {
        return reportFrom(address(), Auth.NONE, body);
    }

    private Reply reportFrom(String client, Auth auth, String body) {
        return api.send("POST", "leaks", auth, body, "application/json", "X-Forwarded-For", client);
    }

    private static String keys(String... keys) {
        JsonArrayBuilder list = Json.createArrayBuilder();
        for (String key : keys) {
            list.add(key);
        }
        return Json.createObjectBuilder().add("keys", list).build().toString();
    }

    private static String unknownKey() {
        return new SecretCodec("lk", new SecureRandom()).generate().plaintext();
    }

    private String status() {
        return api.get("keys/" + keyId, admin).data().getString("status");
    }

    private List<JsonObject> leakEvents() {
        return api.get("audit?type=leak_reported", admin).json().getJsonArray("data").getValuesAs(JsonObject.class);
    }

    @Test
    void aReportedKeyIsRevokedAtOnceAndTheAnswerIsTheSameAsForAnUnknownOne() {
        Reply nothing = report(keys(unknownKey()));
        assertEquals(202, nothing.status(), nothing.toString());
        assertEquals("active", status());

        Reply match = report(keys(key));
        assertEquals(202, match.status(), match.toString());
        assertEquals(nothing.data(), match.data(), "the same answer whether anything matched");
        assertEquals(Json.createObjectBuilder().add("received", 1).build(), match.data());
        assertEquals(nothing.json().keySet(), match.json().keySet());
        assertEquals(nothing.header("Content-Type"), match.header("Content-Type"));

        Reply refused = api.get("me", Auth.bearer(key));
        assertEquals(401, refused.status(), "refused right after the report: " + refused);
        assertEquals("key_revoked", refused.code());
        assertEquals("revoked", status());
    }

    @Test
    void theGitHubPartnerBodyIsReadAndTheAuditSaysWhereTheKeyWasFoundWithoutTheKey() {
        String body = "[{\"token\":\"" + key + "\",\"type\":\"latchkey_api_key\","
                + "\"url\":\"https://github.com/octo/app/blob/abc123/.env#L3\",\"source\":\"content\",\"extra\":1},"
                + "{\"token\":\"ghp_notours\",\"type\":\"github_token\",\"url\":\"https://x.example\",\"source\":\"commit\"},"
                + "{\"token\":\"" + unknownKey() + "\"}]";
        Reply reply = report(body);
        assertEquals(202, reply.status(), reply.toString());
        assertEquals(3, reply.data().getInt("received"));
        assertEquals(401, api.get("me", Auth.apiKey(key)).status());

        List<JsonObject> events = leakEvents();
        assertEquals(1, events.size(), events.toString());
        JsonObject event = events.get(0);
        assertEquals(keyId, event.getString("key_id"));
        assertEquals("https://github.com/octo/app/blob/abc123/.env#L3", event.getJsonObject("details").getString("url"));
        assertEquals("content", event.getJsonObject("details").getString("source"));
        assertEquals("latchkey_api_key", event.getJsonObject("details").getString("type"));
        assertTrue(Api.isNull(event, "actor_id"), "an anonymous reporter: " + event);
        assertNotNull(event.getString("client_ip"));

        String everything = api.get("audit?limit=200", admin).body() + api.get("keys/" + keyId + "/events", admin).body()
                + api.get("keys?limit=200", admin).body();
        String randomPart = key.substring(3, 3 + SecretCodec.RANDOM_LENGTH);
        assertFalse(everything.contains(randomPart), "the secret appears nowhere: " + everything);
        assertTrue(everything.contains("leak_reported"));
    }

    @Test
    void theOwnerAndTheOrganizationsAdminsHearByMailAndNobodyElse() throws Exception {
        String otherAdmin = Api.uniqueEmail("other-admin");
        api.createOrganization("Other " + UUID.randomUUID().toString().substring(0, 6), otherAdmin, PASSWORD);

        assertEquals(202, report("[{\"token\":\"" + key + "\",\"url\":\"https://paste.example/abc\",\"source\":\"paste\"}]").status());

        for (String recipient : List.of(ownerEmail, adminEmail, secondAdminEmail)) {
            MimeMessage message = Eventually.poll(() -> smtp.inbox(recipient).isEmpty() ? null : smtp.inbox(recipient).get(0));
            String text = part(message, "text/plain");
            String html = part(message, "text/html");
            assertTrue(message.getSubject().contains("deploy bot") && message.getSubject().contains("leaked"),
                    message.getSubject());
            assertTrue(text.contains("https://paste.example/abc"), text);
            assertTrue(text.contains("/keys/" + keyId), text);
            assertTrue(text.contains(key.substring(key.length() - 4)) && text.contains("lk_****"), "the masked key: " + text);
            for (String content : List.of(text, html, message.getSubject())) {
                assertFalse(content.contains(key.substring(3, 3 + SecretCodec.RANDOM_LENGTH)), "never the secret: " + content);
            }
            assertEquals(recipient.equals(ownerEmail), text.startsWith("Your API key"), recipient + ": " + text);
        }
        Thread.sleep(1000); // anything else would have been sent by now
        assertEquals(1, smtp.inbox(ownerEmail).size(), "one mail to the owner");
        assertEquals(1, smtp.inbox(adminEmail).size());
        assertEquals(0, smtp.inbox(otherAdmin).size(), "other organizations' admins hear nothing");
        assertEquals(0, api.get("audit?type=leak_reported", Auth.basic(otherAdmin, PASSWORD)).json()
                .getJsonObject("pagination").getInt("total"), "nor see the event");
        assertEquals(0, smtp.inbox(Api.ADMIN_EMAIL).size(), "nor the installation's operator");
    }

    @Test
    void aKeyReportedAgainOrAlreadyDeadChangesNothingMore() throws Exception {
        assertEquals(202, report(keys(key)).status());
        Eventually.poll(() -> smtp.inbox(ownerEmail).isEmpty() ? null : true);
        Reply again = report(keys(key, key));
        assertEquals(202, again.status());
        assertEquals(2, again.data().getInt("received"), "items received, repeats included");

        JsonObject expiring = api.createKey(Auth.basic(ownerEmail, PASSWORD), "{\"description\":\"revoked by hand\"}");
        assertEquals(200, api.delete("keys/" + expiring.getString("id"), admin).status());
        assertEquals(202, report(keys(expiring.getString("api_key"))).status());

        Thread.sleep(1000);
        assertEquals(1, leakEvents().size(), "one event, for the one revocation a report made");
        assertEquals(1, smtp.inbox(ownerEmail).size(), "no mail for what was already dead");
    }

    @Test
    void aLeakedOldSecretInItsGracePeriodRevokesTheWholeKey() {
        Reply regenerated = api.post("keys/" + keyId + "/regenerate", Auth.basic(ownerEmail, PASSWORD),
                "{\"grace_period_minutes\":60}");
        assertEquals(200, regenerated.status(), regenerated.toString());
        String newKey = regenerated.data().getString("api_key");
        assertEquals(200, api.get("me", Auth.bearer(key)).status(), "the old secret works during the overlap");

        assertEquals(202, report(keys(key)).status());
        assertEquals("revoked", status());
        assertEquals("key_revoked", api.get("me", Auth.bearer(newKey)).code(), "the new secret is revoked with the key");
        assertEquals(401, api.get("me", Auth.bearer(key)).status(), "the old one too");
        List<JsonObject> events = leakEvents();
        assertEquals(1, events.size(), events.toString());
        assertEquals("previous", events.get(0).getJsonObject("details").getString("secret"));
    }

    @Test
    void credentialsSentAlongAreIgnoredAndTheReportIsStillJustAReport() {
        Reply withTheKey = reportFrom(address(), Auth.bearer(key), keys(key));
        assertEquals(202, withTheKey.status(), "the leaked key in Authorization is not checked: " + withTheKey);
        assertEquals("revoked", status());
        Reply withBadPassword = reportFrom(address(), Auth.basic(adminEmail, "not-the-password"), keys(unknownKey()));
        assertEquals(202, withBadPassword.status(), "a wrong password is not checked: " + withBadPassword);
        Reply withRevokedKey = reportFrom(address(), Auth.apiKey(key), keys(unknownKey()));
        assertEquals(202, withRevokedKey.status(), "a revoked key is not refused: " + withRevokedKey);
    }

    @Test
    void malformedOversizedAndTooLongReportsAreProblemsAndChangeNothing() {
        String tooMany = keys(java.util.Collections.nCopies(101, key).toArray(String[]::new));
        StringBuilder findings = new StringBuilder("[");
        for (int i = 0; i < 101; i++) {
            findings.append(i == 0 ? "" : ",").append("{\"token\":\"").append(key).append("\"}");
        }
        String tooLarge = "[{\"token\":\"" + key + "\",\"url\":\"" + "u".repeat(17_000) + "\"}]";
        record Bad(String body, int status, String code) {
        }
        for (Bad bad : List.of(
                new Bad(tooMany, 400, "validation_failed"),
                new Bad(findings.append("]").toString(), 400, "validation_failed"),
                new Bad(tooLarge, 413, "body_too_large"),
                new Bad("[{\"token\":\"" + key + "\"", 400, "malformed_json"),
                new Bad("{\"keys\":[\"" + key + "\"]} []", 400, "malformed_json"),
                new Bad("\"" + key + "\"", 400, "malformed_json"),
                new Bad("", 400, "body_required"),
                new Bad("{\"keys\":\"" + key + "\"}", 400, "validation_failed"),
                new Bad("{\"keys\":[\"" + key + "\"],\"note\":\"x\"}", 400, "validation_failed"),
                new Bad("{\"tokens\":[\"" + key + "\"]}", 400, "validation_failed"),
                new Bad("[\"" + key + "\"]", 400, "validation_failed"),
                new Bad("[{\"token\":42}]", 400, "validation_failed"),
                new Bad("[{\"url\":\"https://x.example\"},{\"token\":\"" + key + "\"}]", 400, "validation_failed"),
                new Bad("[{\"token\":\"" + key + "\",\"url\":7}]", 400, "validation_failed"))) {
            Reply reply = report(bad.body());
            String label = bad.body().substring(0, Math.min(60, bad.body().length()));
            assertEquals(bad.status(), reply.status(), label + " -> " + reply);
            assertTrue(reply.header("Content-Type").startsWith("application/problem+json"), label);
            assertEquals(bad.code(), reply.code(), label);
            assertEquals("active", status(), "nothing revoked by " + label);
        }
        assertEquals(0, leakEvents().size());
        assertEquals(200, api.get("me", Auth.bearer(key)).status(), "the key still works");
    }

    @Test
    void reportsPastTheLimitOfAnAddressAre429WithRetryAfter() {
        String client = address();
        for (int i = 0; i < ADDRESS_LIMIT; i++) {
            Reply reply = reportFrom(client, Auth.NONE, i % 2 == 0 ? keys(unknownKey()) : "{");
            assertEquals(i % 2 == 0 ? 202 : 400, reply.status(), "report " + (i + 1) + ": " + reply);
        }
        Reply throttled = reportFrom(client, Auth.NONE, keys(key));
        assertEquals(429, throttled.status(), throttled.toString());
        assertEquals("too_many_leak_reports", throttled.code());
        assertNotNull(throttled.header("Retry-After"));
        assertEquals("active", status(), "a refused report is not read");
        assertEquals(202, reportFrom(address(), Auth.NONE, keys(unknownKey())).status(), "other addresses are served");
        assertEquals(200, api.getFrom(client, "me", Auth.bearer(key)).status(), "the address's keys still work");
    }

    @Test
    void garbageAndWrongChecksumsCostNoSql() {
        String wrongChecksum = Api.mistyped(key);
        List<String> items = new java.util.ArrayList<>();
        for (int i = 0; i < 25; i++) {
            items.addAll(List.of(wrongChecksum, "lk_" + i, "ghp_" + "x".repeat(36), "xk" + key.substring(2)));
        }
        String probe = "leaks-" + UUID.randomUUID();
        Reply reply = api.send("POST", "leaks", Auth.NONE, keys(items.toArray(String[]::new)), "application/json",
                "X-Forwarded-For", address(), "X-Test-Sql-Probe", probe);
        assertEquals(202, reply.status(), reply.toString());
        assertEquals(100, reply.data().getInt("received"));
        assertEquals(0, api.sqlStatements(probe), "format and checksum are checked before any lookup");
        assertEquals("active", status());
    }

    @Test
    void aKeyInTheUrlIsRefusedLikeEverywhere() {
        Reply reply = api.send("POST", "leaks?token=" + key, Auth.NONE, keys(unknownKey()), "application/json",
                "X-Forwarded-For", address());
        assertEquals(400, reply.status(), reply.toString());
        assertEquals("key_in_query", reply.code());
    }

    private static String part(MimeMessage message, String type) {
        try {
            MimeMultipart multipart = (MimeMultipart) message.getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart part = multipart.getBodyPart(i);
                if (part.isMimeType(type)) {
                    return (String) part.getContent();
                }
            }
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException(e);
        }
        throw new AssertionError("no " + type + " part");
    }
}
