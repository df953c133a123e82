package io.latchkey.notices;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.latchkey.testsupport.Api;
import io.latchkey.testsupport.DeployedLatchkey;
import io.latchkey.testsupport.MailServer;
import io.latchkey.testsupport.Api.Auth;
import io.latchkey.testsupport.Api.Reply;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Expiry notices against a real SMTP server (GreenMail in this JVM), with the server clock moved across
 * the thresholds. Every test has its own owner, and counts only that owner's mail.
 */
class ExpiryNoticesIT extends DeployedLatchkey {

    private static final String PASSWORD = "notice-password-1";
    @RegisterExtension
    static final MailServer smtp = new MailServer();

    String ownerEmail;
    Auth owner;

    @BeforeEach
    void setUp() {
        ownerEmail = Api.uniqueEmail("owner");
        api.createUser(ownerEmail, PASSWORD, "token-manager");
        owner = Auth.bearer(api.createKey(Auth.basic(ownerEmail, PASSWORD),
                "{\"description\":\"tooling\",\"access\":\"read_write\",\"expires_in_days\":365}").getString("api_key"));
    }

    @AfterEach
    void restore() {
        api.moveClock(Duration.ZERO);
        if (!smtp.isRunning()) {
            smtp.start();
        }
    }

    @Test
    void eachThresholdIsSentOnceAtTheRightTime() throws Exception {
        JsonObject k16 = key("sixteen", "\"expires_in_days\":16");
        JsonObject k15 = key("fifteen", "\"expires_in_days\":15");
        JsonObject k8 = key("eight", "\"expires_in_days\":8");
        JsonObject k7 = key("seven <b>&</b>", "\"expires_in_days\":7");
        JsonObject k1 = key("one", "\"expires_in_days\":1");
        JsonObject k0 = key("zero", "\"expires_at\":\"" + Instant.now().plus(Duration.ofHours(2)) + "\"");
        JsonObject revoked = key("revoked", "\"expires_in_days\":15");
        assertEquals(200, api.delete("keys/" + revoked.getString("id"), owner).status());

        api.scanNotices();
        api.scanNotices();
        assertSubjects(List.of(
                "Latchkey: API key \"fifteen\" expires in 15 days",
                "Latchkey: API key \"seven <b>&</b>\" expires in 7 days"));

        api.moveClock(Duration.ofDays(1).plusHours(1));
        api.scanNotices();
        assertSubjects(List.of(
                "Latchkey: API key \"fifteen\" expires in 15 days",
                "Latchkey: API key \"seven <b>&</b>\" expires in 7 days",
                "Latchkey: API key \"sixteen\" expires in 15 days",
                "Latchkey: API key \"eight\" expires in 7 days",
                "Latchkey: API key \"one\" has expired",
                "Latchkey: API key \"zero\" has expired"));

        api.moveClock(Duration.ofDays(2));
        api.scanNotices();
        assertEquals(6, mailsToOwner().size(), "a key a day past expiry gets nothing more");

        api.moveClock(Duration.ofDays(8).plusHours(2));
        api.scanNotices();
        api.scanNotices();
        List<String> subjects = subjects();
        assertEquals(9, subjects.size(), subjects.toString());
        assertTrue(subjects.contains("Latchkey: API key \"fifteen\" expires in 7 days"));
        assertTrue(subjects.contains("Latchkey: API key \"seven <b>&</b>\" has expired"));
        assertTrue(subjects.contains("Latchkey: API key \"eight\" has expired"));
        assertTrue(subjects.stream().noneMatch(s -> s.contains("revoked")), "revoked keys get nothing");

        MimeMessage sevenDays = mailsToOwner().stream().filter(m -> subject(m).endsWith("\" expires in 7 days")
                && subject(m).contains("seven")).findFirst().orElseThrow();
        String text = part(sevenDays, "text/plain");
        String html = part(sevenDays, "text/html");
        String expires = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
                .format(Instant.parse(k7.getString("expires_at")).atOffset(ZoneOffset.UTC));
        assertTrue(text.contains(k7.getString("masked_key")), text);
        assertTrue(text.contains(expires), text);
        assertTrue(text.contains("Days left:   7"), text);
        assertTrue(text.contains("https://latchkey.it.example/keys/" + k7.getString("id")), text);
        assertTrue(html.contains("seven &lt;b&gt;&amp;&lt;/b&gt;"), html);
        assertFalse(html.contains("<b>&</b>"), "the description is escaped in HTML");
        assertTrue(html.contains("href=\"https://latchkey.it.example/keys/" + k7.getString("id") + "\""), html);
        assertEquals("<notice." + k7.getString("id") + ".days_7." + Instant.parse(k7.getString("expires_at")).toEpochMilli()
                + "@latchkey.it.example>", sevenDays.getMessageID());
        assertEquals("latchkey@it.example", ((InternetAddress) sevenDays.getFrom()[0]).getAddress());

        MimeMessage expired = mailsToOwner().stream().filter(m -> subject(m).equals("Latchkey: API key \"one\" has expired"))
                .findFirst().orElseThrow();
        String finalText = part(expired, "text/plain");
        assertTrue(finalText.contains("has expired"), finalText);
        assertTrue(finalText.contains("regenerate the key with a new expiry"), finalText);
        assertTrue(finalText.contains("Days left:   0"), finalText);

        List<JsonObject> events = events(k15.getString("id"));
        assertEquals(2, events.stream().filter(e -> e.getString("type").equals("notice_sent")).count());
        assertTrue(events.stream().anyMatch(e -> e.getString("type").equals("notice_sent")
                && e.getJsonObject("details").getString("threshold").equals("days_7")
                && e.getJsonObject("details").getString("recipient").equals(ownerEmail)));
        assertTrue(events.stream().anyMatch(e -> e.getString("type").equals("created")));
        assertEquals(List.of(), notices(revoked.getString("id"), null));
        assertNotNull(k16);
        assertNotNull(k0);
        assertNotNull(k8);
    }

    @Test
    void afterAnOutageOnlyTheLatestThresholdIsSent() throws Exception {
        key("long gap", "\"expires_in_days\":20");
        api.moveClock(Duration.ofDays(14));
        api.scanNotices();
        assertSubjects(List.of("Latchkey: API key \"long gap\" expires in 7 days"));
        api.moveClock(Duration.ofDays(25));
        api.scanNotices();
        assertSubjects(List.of("Latchkey: API key \"long gap\" expires in 7 days", "Latchkey: API key \"long gap\" has expired"));
    }

    @Test
    void aKeyIssuedWithLittleTimeLeftGetsNoLateNotices() throws Exception {
        key("ten days", "\"expires_in_days\":10");
        api.scanNotices();
        assertSubjects(List.of());
        api.moveClock(Duration.ofDays(3).plusHours(1));
        api.scanNotices();
        assertSubjects(List.of("Latchkey: API key \"ten days\" expires in 7 days"));
    }

    @Test
    void regeneratingWithANewExpiryStartsTheScheduleAfresh() throws Exception {
        JsonObject key = key("renewed", "\"expires_in_days\":15");
        api.scanNotices();
        assertEquals(200, api.post("keys/" + key.getString("id") + "/regenerate", owner, "{\"expires_in_days\":15}").status());
        api.scanNotices();
        api.scanNotices();
        List<MimeMessage> mails = mailsToOwner();
        assertEquals(2, mails.size());
        assertNotEquals(mails.get(0).getMessageID(), mails.get(1).getMessageID());
    }

    @Test
    void noticesToADeactivatedOwnerAreCancelledSayingWhy() throws Exception {
        // made with the password: a key made by the owner's key is revoked with the owner (KeyLineageIT)
        String id = api.createKey(Auth.basic(ownerEmail, PASSWORD),
                "{\"description\":\"left the company\",\"expires_in_days\":15}").getString("id");
        String ownerId = api.get("me", owner).data().getString("id");
        assertEquals(200, api.patch("users/" + ownerId, Auth.admin(), "{\"active\":false}").status());
        api.scanNotices();
        assertSubjects(List.of());
        JsonObject cancelled = single(notices(id, "cancelled"));
        assertEquals("owner_inactive", cancelled.getString("cancel_reason"));
        api.scanNotices();
        assertSubjects(List.of());
    }

    @Test
    void concurrentScansSendEachNoticeExactlyOnce() throws Exception {
        for (int i = 0; i < 5; i++) {
            key("race " + i, "\"expires_in_days\":7");
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<JsonObject>> scans = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                scans.add(pool.submit(api::scanNotices));
            }
            for (Future<JsonObject> scan : scans) {
                scan.get();
            }
        } finally {
            pool.shutdown();
        }
        List<String> subjects = subjects();
        assertEquals(5, subjects.size(), subjects.toString());
        assertEquals(5, subjects.stream().distinct().count(), subjects.toString());
    }

    @Test
    void aNoticeWaitsWhileSmtpIsDownAndIsDeliveredOnceWhenItIsBack() throws Exception {
        String id = key("outage", "\"expires_in_days\":15").getString("id");
        smtp.stop();
        api.scanNotices();
        JsonObject pending = single(notices(id, null));
        assertEquals("pending", pending.getString("state"));
        assertEquals(1, pending.getInt("attempts"));
        assertFalse(pending.getString("last_error").isBlank());
        api.scanNotices();
        assertEquals(1, single(notices(id, null)).getInt("attempts"), "no retry before the backoff");

        smtp.start();
        api.moveClock(Duration.ofMinutes(2));
        api.scanNotices();
        api.scanNotices();
        assertSubjects(List.of("Latchkey: API key \"outage\" expires in 15 days"));
        JsonObject sent = single(notices(id, "sent"));
        assertEquals(2, sent.getInt("attempts"));
        assertEquals(ownerEmail, sent.getString("recipient"));
    }

    @Test
    void aNoticeThatKeepsFailingIsMarkedFailedAndShownToAdmins() throws Exception {
        String id = key("hopeless", "\"expires_in_days\":15").getString("id");
        smtp.stop();
        api.scanNotices();
        api.moveClock(Duration.ofMinutes(2));
        api.scanNotices();
        api.moveClock(Duration.ofMinutes(10));
        api.scanNotices();
        JsonObject failed = single(notices(id, "failed"));
        assertEquals(3, failed.getInt("attempts"));
        assertFalse(failed.getString("last_error").isBlank());
        Reply list = api.get("notices?state=failed&limit=200", Auth.admin());
        assertTrue(list.json().getJsonArray("data").stream().anyMatch(n -> n.asJsonObject().getString("key_id").equals(id)));
        assertEquals(403, api.get("notices", owner).status(), "notices are for admins");
        assertEquals(400, api.get("notices?state=lost", Auth.admin()).status());

        smtp.start();
        api.moveClock(Duration.ofHours(2));
        api.scanNotices();
        assertSubjects(List.of());
        assertEquals(201, api.post("keys", owner, "{\"description\":\"management still works\"}").status());
    }

    private JsonObject key(String description, String expiry) {
        return api.createKey(owner, "{\"description\":\"" + description.replace("\"", "\\\"") + "\"," + expiry + "}");
    }

    private List<JsonObject> notices(String keyId, String state) {
        Reply reply = api.get("notices?key_id=" + keyId + (state == null ? "" : "&state=" + state), Auth.admin());
        assertEquals(200, reply.status(), reply.toString());
        return reply.json().getJsonArray("data").stream().map(JsonValue::asJsonObject).toList();
    }

    private List<JsonObject> events(String keyId) {
        Reply reply = api.get("keys/" + keyId + "/events", owner);
        assertEquals(200, reply.status(), reply.toString());
        return reply.json().getJsonArray("data").stream().map(JsonValue::asJsonObject).toList();
    }

    private static JsonObject single(List<JsonObject> notices) {
        assertEquals(1, notices.size(), notices.toString());
        return notices.get(0);
    }

    private List<MimeMessage> mailsToOwner() {
        return smtp.to(ownerEmail);
    }

    private List<String> subjects() {
        return mailsToOwner().stream().map(ExpiryNoticesIT::subject).toList();
    }

    private void assertSubjects(List<String> expected) {
        List<String> actual = subjects();
        assertEquals(expected.size(), actual.size(), actual.toString());
        assertTrue(actual.containsAll(expected), actual.toString());
    }

    private static String subject(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String part(MimeMessage message, String type) throws MessagingException, IOException {
        MimeMultipart multipart = (MimeMultipart) message.getContent();
        assertEquals(2, multipart.getCount());
        for (int i = 0; i < multipart.getCount(); i++) {
            BodyPart part = multipart.getBodyPart(i);
            if (part.isMimeType(type)) {
                return (String) part.getContent();
            }
        }
        throw new AssertionError("no " + type + " part");
    }
}
