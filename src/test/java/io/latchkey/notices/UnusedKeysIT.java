package io.latchkey.notices;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.latchkey.testsupport.Api;
import io.latchkey.testsupport.Api.Auth;
import io.latchkey.testsupport.Api.Reply;
import io.latchkey.testsupport.DeployedLatchkey;
import io.latchkey.testsupport.MailServer;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The unused-key policy ({@code revoke_unused_after_days}) with the server clock moved: owners warned once, 7
 * days ahead, by real mail (GreenMail); keys still unused revoked with what they made, audited with reason
 * {@code unused}; a use in between spares the key. Each test has an organization of its own, so the policy
 * touches no other test's keys.
 */
class UnusedKeysIT extends DeployedLatchkey {

    private static final String PASSWORD = "unused-keys-password-1";
    private static final String WARNING = "will be revoked in 7 days as unused";

    @RegisterExtension
    static final MailServer smtp = new MailServer();

    String adminEmail;
    Auth admin;

    @BeforeEach
    void organization() {
        adminEmail = Api.uniqueEmail("unused-admin");
        api.createOrganization("Unused keys " + adminEmail, adminEmail, PASSWORD);
        admin = Auth.basic(adminEmail, PASSWORD);
    }

    @AfterEach
    void restore() {
        api.moveClock(Duration.ZERO);
    }

    @Test
    void badPoliciesAreRefusedAndChangeNothing() {
        for (String bad : List.of("1", "29", "366", "-1", "\"thirty\"", "30.5")) {
            Reply reply = api.patch("organization", admin, "{\"revoke_unused_after_days\":" + bad + "}");
            assertEquals(400, reply.status(), bad + ": " + reply);
        }
        Reply reply = api.patch("organization", admin, "{\"revoke_unused_after_days\":29}");
        assertTrue(reply.body().contains("revoke_unused_after_days"), reply.toString());
        assertEquals(0, api.get("organization", admin).data().getInt("revoke_unused_after_days"));
        Reply set = api.patch("organization", admin, "{\"revoke_unused_after_days\":365}");
        assertEquals(200, set.status(), set.toString());
        assertEquals(365, set.data().getInt("revoke_unused_after_days"));
        assertEquals(0, api.patch("organization", admin, "{\"revoke_unused_after_days\":0}").data().getInt("revoke_unused_after_days"));
        JsonObject changed = events("audit?type=policy_changed").get(0);
        assertEquals(365, changed.getJsonObject("details").getJsonObject("revoke_unused_after_days").getInt("before"));
        assertEquals(0, changed.getJsonObject("details").getJsonObject("revoke_unused_after_days").getInt("after"));
        Auth reader = Auth.bearer(api.createKey(admin, "{\"description\":\"reader\",\"access\":\"read_only\"}")
                .getString("api_key"));
        assertEquals(403, api.patch("organization", reader, "{\"revoke_unused_after_days\":30}").status(),
                "a read-only key changes no policy");
    }

    @Test
    void unusedKeysAreWarnedOnceThenRevokedWithWhatTheyMadeWhileUsedOnesStay() throws Exception {
        assertEquals(200, api.patch("organization", admin, "{\"revoke_unused_after_days\":30}").status());
        JsonObject idle = key(admin, "idle", 365);
        JsonObject busy = key(admin, "busy", 365);
        JsonObject soon = key(admin, "soon gone", 25);
        JsonObject child = key(Auth.bearer(idle.getString("api_key")), "made by idle", 300);

        api.moveClock(Duration.ofDays(22));
        api.scanNotices();
        assertEquals(List.of(), warnings(), "nothing before the 23rd day");

        api.moveClock(Duration.ofDays(23).plusHours(1));
        api.scanNotices();
        api.scanNotices();
        assertEquals(List.of("busy", "idle", "made by idle"), descriptions(warnings()),
                "each unused key warned once; the key that expires first is left to its expiry");
        MimeMessage idleWarning = warnings().stream().filter(m -> subject(m).contains("\"idle\"")).findFirst().orElseThrow();
        String text = part(idleWarning, "text/plain");
        assertTrue(text.contains("revokes it on"), text);
        assertTrue(text.contains("/keys/" + idle.getString("id")), text);
        assertEquals("active", api.get("keys/" + idle.getString("id"), admin).data().getString("status"), "warned, not revoked");

        // busy and the child are used on day 24 (as a flushed batch would write it)
        for (JsonObject used : List.of(busy, child)) {
            assertEquals(204, api.send("POST", "test-support/key-use?key_id=" + used.getString("id") + "&at="
                    + Instant.now().plus(Duration.ofDays(24)) + "&ip=192.0.2.7", Auth.NONE, null, null).status());
        }

        api.moveClock(Duration.ofDays(30).plusHours(2));
        JsonObject scan = api.scanNotices();
        assertEquals(1, scan.getInt("revoked_unused"), scan.toString());
        Reply refused = api.get("me", Auth.bearer(idle.getString("api_key")));
        assertEquals(401, refused.status(), refused.toString());
        // looked at, not used: a call with the key would be a use and move its day again
        assertEquals("active", api.get("keys/" + busy.getString("id"), admin).data().getString("status"), "a use moves the day");
        assertEquals(401, api.get("me", Auth.bearer(child.getString("api_key"))).status(),
                "a key never outlives the key that made it, however busy");
        assertEquals("expired", api.get("keys/" + soon.getString("id"), admin).data().getString("status"),
                "left to its expiry, not revoked");

        JsonObject revoked = events("keys/" + idle.getString("id") + "/events").stream()
                .filter(e -> e.getString("type").equals("revoked")).findFirst().orElseThrow();
        assertEquals("unused", revoked.getJsonObject("details").getString("reason"));
        assertEquals(30, revoked.getJsonObject("details").getInt("revoke_unused_after_days"));
        assertTrue(revoked.isNull("actor_id"), revoked.toString());
        JsonObject cascade = events("keys/" + child.getString("id") + "/events").stream()
                .filter(e -> e.getString("type").equals("revoked")).findFirst().orElseThrow();
        assertEquals("unused", cascade.getJsonObject("details").getString("cause"));
        assertEquals(idle.getString("id"), cascade.getJsonObject("details").getString("cascade_from"));

        api.scanNotices();
        assertEquals(3, warnings().size(), "no warning twice");

        // busy's new day is day 54: warned again from day 47, revoked on day 54
        api.moveClock(Duration.ofDays(47).plusHours(1));
        api.scanNotices();
        assertEquals(4, warnings().size());
        api.moveClock(Duration.ofDays(54).plusHours(2));
        assertEquals(1, api.scanNotices().getInt("revoked_unused"));
        assertEquals(401, api.get("me", Auth.bearer(busy.getString("api_key"))).status());
    }

    @Test
    void aKeyLongUnusedWhenThePolicyStartsIsWarnedSevenDaysBeforeItGoes() {
        JsonObject forgotten = key(admin, "forgotten", 365);
        api.moveClock(Duration.ofDays(100));
        assertEquals(200, api.patch("organization", admin, "{\"revoke_unused_after_days\":30}").status());
        JsonObject first = api.scanNotices();
        assertEquals(0, first.getInt("revoked_unused"), first.toString());
        assertEquals(List.of("forgotten"), descriptions(warnings()));
        assertEquals("active", api.get("keys/" + forgotten.getString("id"), admin).data().getString("status"));

        api.moveClock(Duration.ofDays(106));
        assertEquals(0, api.scanNotices().getInt("revoked_unused"), "not before 7 days after its warning");
        api.moveClock(Duration.ofDays(107).plusHours(1));
        assertEquals(1, api.scanNotices().getInt("revoked_unused"));
        assertEquals(401, api.get("me", Auth.bearer(forgotten.getString("api_key"))).status());
    }

    private JsonObject key(Auth auth, String description, int days) {
        return api.createKey(auth, "{\"description\":\"" + description + "\",\"access\":\"read_write\",\"expires_in_days\":"
                + days + "}");
    }

    private List<JsonObject> events(String path) {
        Reply reply = api.get(path, admin);
        assertEquals(200, reply.status(), reply.toString());
        return reply.json().getJsonArray("data").stream().map(JsonValue::asJsonObject).toList();
    }

    private List<MimeMessage> warnings() {
        return smtp.to(adminEmail).stream().filter(m -> subject(m).endsWith(WARNING)).toList();
    }

    private static List<String> descriptions(List<MimeMessage> mails) {
        return mails.stream().map(m -> subject(m).replaceFirst("^Latchkey: API key \"(.*)\" " + WARNING + "$", "$1")).sorted()
                .toList();
    }

    private static String subject(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String part(MimeMessage message, String type) throws Exception {
        var multipart = (jakarta.mail.internet.MimeMultipart) message.getContent();
        for (int i = 0; i < multipart.getCount(); i++) {
            if (multipart.getBodyPart(i).isMimeType(type)) {
                return multipart.getBodyPart(i).getContent().toString();
            }
        }
        throw new AssertionError("no " + type + " part");
    }
}
