package io.latchkey.notices;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.latchkey.testsupport.Api;
import io.latchkey.testsupport.Api.Auth;
import io.latchkey.testsupport.Api.Reply;
import io.latchkey.testsupport.DeployedLatchkey;
import io.latchkey.testsupport.MailServer;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.IOException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Notices that reach someone: escalations to the admins when the owner cannot be reached, and the weekly
 * digest, against a real SMTP server with the server clock moved. Every test has an organization of its
 * own (so "its admins" are known exactly) and counts only the mail of its own people.
 */
class NoticesReachSomeoneIT extends DeployedLatchkey {

    private static final String PASSWORD = "reach-password-1";
    private static final String LINK = "https://latchkey.it.example/keys/";

    @RegisterExtension
    static final MailServer smtp = new MailServer();

    String organization;
    String adminEmail;
    Auth admin;
    String secondAdminEmail;
    String formerAdminEmail;
    String ownerEmail;
    String ownerId;
    Auth owner;

    @BeforeEach
    void setUp() {
        organization = "Reach " + UUID.randomUUID().toString().substring(0, 8);
        adminEmail = Api.uniqueEmail("reach-admin");
        api.createOrganization(organization, adminEmail, PASSWORD);
        admin = Auth.basic(adminEmail, PASSWORD);
        secondAdminEmail = Api.uniqueEmail("reach-admin2");
        api.createUser(admin, secondAdminEmail, PASSWORD, "admin");
        formerAdminEmail = Api.uniqueEmail("reach-former");
        String former = api.createUser(admin, formerAdminEmail, PASSWORD, "admin");
        assertEquals(200, api.patch("users/" + former, admin, "{\"active\":false}").status());
        ownerEmail = Api.uniqueEmail("digest-a-owner");
        ownerId = api.createUser(admin, ownerEmail, PASSWORD, "token-manager");
        owner = Auth.basic(ownerEmail, PASSWORD);
    }

    @AfterEach
    void restore() {
        api.moveClock(Duration.ZERO);
        if (!smtp.isRunning()) {
            smtp.start();
        }
    }

    @Test
    void aDeactivatedOwnersNoticeGoesToTheActiveAdminsOnce() throws Exception {
        JsonObject key = key(owner, "left the company", 15);
        assertEquals(200, api.patch("users/" + ownerId, admin, "{\"active\":false}").status());
        api.scanNotices();
        api.scanNotices();

        assertEquals(List.of(), smtp.inbox(ownerEmail));
        assertEquals(List.of(), smtp.inbox(formerAdminEmail), "deactivated admins hear nothing");
        assertEquals(List.of(), mailsAbout(Api.ADMIN_EMAIL, ownerEmail), "another organization's admin hears nothing");
        MimeMessage mail = single(smtp.inbox(adminEmail));
        assertEquals(mail.getMessageID(), single(smtp.inbox(secondAdminEmail)).getMessageID(), "one mail to both admins");
        assertEquals("Latchkey: API key \"left the company\" expires in 15 days (its owner " + ownerEmail + " is deactivated)",
                mail.getSubject());
        String text = part(mail, "text/plain");
        assertTrue(text.contains("whose account is deactivated"), text);
        assertTrue(text.contains(ownerEmail), text);
        assertTrue(text.contains(key.getString("masked_key")), text);
        assertTrue(text.contains(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
                .format(Instant.parse(key.getString("expires_at")).atOffset(ZoneOffset.UTC))), text);
        assertTrue(text.contains(LINK + key.getString("id")), text);
        assertTrue(part(mail, "text/html").contains("href=\"" + LINK + key.getString("id") + "\""));

        JsonObject notice = single(notices(key.getString("id")));
        assertEquals("cancelled", notice.getString("state"));
        assertEquals("owner_inactive", notice.getString("cancel_reason"));
        assertEquals("owner_inactive", notice.getString("escalation_reason"));
        assertEquals("sent", notice.getString("escalation_state"));
        assertEquals(2, notice.getInt("escalation_recipients"));

        JsonObject event = single(events(key.getString("id"), "notice_escalated"));
        assertEquals("owner_inactive", event.getJsonObject("details").getString("reason"));
        assertEquals(2, event.getJsonObject("details").getInt("recipients"));
        assertFalse(event.toString().contains(key.getString("api_key")), "no secret in the audit trail");
    }

    @Test
    void aNoticeThatFailedForGoodGoesToTheAdminsOnce() throws Exception {
        JsonObject key = key(owner, "unreachable owner", 15);
        smtp.stop();
        api.scanNotices();
        api.moveClock(Duration.ofMinutes(2));
        api.scanNotices();
        api.moveClock(Duration.ofMinutes(10));
        api.scanNotices();
        JsonObject failed = single(notices(key.getString("id")));
        assertEquals("failed", failed.getString("state"));
        assertEquals("undeliverable", failed.getString("escalation_reason"));
        assertEquals("pending", failed.getString("escalation_state"), "the mail server is still down");

        smtp.start();
        api.moveClock(Duration.ofHours(2));
        api.scanNotices();
        api.scanNotices();
        assertEquals(List.of(), smtp.inbox(ownerEmail));
        MimeMessage mail = single(smtp.inbox(adminEmail));
        assertEquals(1, smtp.inbox(secondAdminEmail).size());
        assertEquals("Latchkey: API key \"unreachable owner\" expires in 15 days (could not reach " + ownerEmail + ")",
                mail.getSubject());
        String text = part(mail, "text/plain");
        assertTrue(text.contains("could not be delivered to them (3 attempts)"), text);
        assertTrue(text.contains(LINK + key.getString("id")), text);
        JsonObject notice = single(notices(key.getString("id")));
        assertEquals("failed", notice.getString("state"));
        assertEquals("sent", notice.getString("escalation_state"));
        assertEquals("undeliverable", single(events(key.getString("id"), "notice_escalated"))
                .getJsonObject("details").getString("reason"));

        api.moveClock(Duration.ofDays(1));
        api.scanNotices();
        assertEquals(1, smtp.inbox(adminEmail).size(), "exactly once");
    }

    @Test
    void theWeeklyDigestGoesToTheAdminsOncePerWeekGroupedByOwner() throws Exception {
        Duration wednesday = middleOfNextWeek();
        api.moveClock(wednesday);
        String otherEmail = Api.uniqueEmail("digest-b-owner");
        api.createUser(admin, otherEmail, PASSWORD, "token-manager");
        Auth other = Auth.basic(otherEmail, PASSWORD);
        JsonObject soon = key(owner, "digest soon <b>", 10);
        JsonObject later = key(owner, "digest later", 25);
        JsonObject others = key(other, "digest other", 20);
        key(owner, "digest far away", 60);
        JsonObject revoked = key(owner, "digest revoked", 12);
        assertEquals(200, api.delete("keys/" + revoked.getString("id"), admin).status());

        assertEquals("off", api.get("organization", admin).data().getString("expiry_digest"));
        Reply weekly = api.patch("organization", admin, "{\"expiry_digest\":\"weekly\"}");
        assertEquals(200, weekly.status(), weekly.toString());
        assertEquals("weekly", weekly.data().getString("expiry_digest"));
        JsonObject changed = api.get("audit?type=policy_changed", admin).json().getJsonArray("data").getJsonObject(0);
        assertEquals("off", changed.getJsonObject("details").getJsonObject("expiry_digest").getString("before"));
        assertEquals("weekly", changed.getJsonObject("details").getJsonObject("expiry_digest").getString("after"));

        api.scanNotices();
        api.scanNotices();
        MimeMessage digest = single(digests(adminEmail));
        assertEquals(1, digests(secondAdminEmail).size());
        assertEquals(List.of(), digests(formerAdminEmail));
        assertEquals(List.of(), digests(ownerEmail), "owners are not admins");
        assertEquals(List.of(), mailsAbout(Api.ADMIN_EMAIL, organization), "another organization's admin hears nothing");
        assertTrue(digest.getSubject().contains("3 API keys of " + organization), digest.getSubject());
        String text = part(digest, "text/plain");
        int first = text.indexOf(ownerEmail);
        int second = text.indexOf(otherEmail);
        assertTrue(first >= 0 && second > first, text);
        int soonAt = text.indexOf("digest soon <b>");
        int laterAt = text.indexOf("digest later");
        int othersAt = text.indexOf("digest other");
        assertTrue(first < soonAt && soonAt < laterAt && laterAt < second && second < othersAt, text);
        for (JsonObject key : List.of(soon, later, others)) {
            assertTrue(text.contains(LINK + key.getString("id")), text);
            assertTrue(text.contains(key.getString("masked_key")), text);
        }
        assertFalse(text.contains("far away"), text);
        assertFalse(text.contains("digest revoked"), text);
        String html = part(digest, "text/html");
        assertTrue(html.contains("digest soon &lt;b&gt;"), html);
        assertFalse(html.contains("<b>"), html);

        JsonObject sent = single(api.get("audit?type=expiry_digest_sent", admin).json().getJsonArray("data").stream()
                .map(JsonValue::asJsonObject).toList());
        assertEquals(3, sent.getJsonObject("details").getInt("keys"));
        assertEquals(2, sent.getJsonObject("details").getInt("recipients"));

        api.moveClock(wednesday.plus(Duration.ofDays(1)));
        api.scanNotices();
        assertEquals(1, digests(adminEmail).size(), "once per week");

        assertEquals(200, api.delete("keys/" + later.getString("id"), admin).status());
        api.moveClock(wednesday.plus(Duration.ofDays(7)));
        api.scanNotices();
        api.scanNotices();
        List<MimeMessage> both = digests(adminEmail);
        assertEquals(2, both.size(), "again the next week");
        MimeMessage next = both.stream().filter(m -> !subject(m).equals(subject(digest))).findFirst().orElseThrow();
        assertTrue(subject(next).contains("2 API keys"), subject(next));
        assertFalse(part(next, "text/plain").contains("digest later"));
    }

    @Test
    void noDigestWhenItIsOffOrNothingExpires() throws Exception {
        Duration wednesday = middleOfNextWeek();
        api.moveClock(wednesday);
        key(owner, "expiring but digest off", 10);
        api.scanNotices();
        assertEquals(List.of(), digests(adminEmail), "off by default");

        String quietAdmin = Api.uniqueEmail("quiet-admin");
        api.createOrganization("Quiet " + UUID.randomUUID().toString().substring(0, 8), quietAdmin, PASSWORD);
        Auth quiet = Auth.basic(quietAdmin, PASSWORD);
        key(quiet, "not for months", 90);
        assertEquals(200, api.patch("organization", quiet, "{\"expiry_digest\":\"weekly\"}").status());
        api.scanNotices();
        api.scanNotices();
        assertEquals(List.of(), digests(quietAdmin), "nothing expiring, no digest");
        assertEquals(0, api.get("audit?type=expiry_digest_sent", quiet).json().getJsonArray("data").size());
    }

    @Test
    void concurrentScansSendOneDigestAndOneEscalationEach() throws Exception {
        api.moveClock(middleOfNextWeek());
        key(owner, "raced digest", 10);
        JsonObject raced = key(owner, "raced escalation", 15);
        assertEquals(200, api.patch("organization", admin, "{\"expiry_digest\":\"weekly\"}").status());
        assertEquals(200, api.patch("users/" + ownerId, admin, "{\"active\":false}").status());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<JsonObject>> scans = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                scans.add(pool.submit(api::scanNotices));
            }
            for (Future<JsonObject> scan : scans) {
                scan.get();
            }
        } finally {
            pool.shutdown();
        }
        assertEquals(1, digests(adminEmail).size());
        assertEquals(1, smtp.inbox(adminEmail).stream().filter(m -> subject(m).contains("raced escalation")).count());
        assertEquals("sent", single(notices(raced.getString("id"))).getString("escalation_state"));
    }

    /** The offset that puts the server clock on next week's Wednesday noon (UTC): far from any week's edge. */
    private static Duration middleOfNextWeek() {
        Instant now = Instant.now();
        Instant target = now.atOffset(ZoneOffset.UTC).toLocalDate()
                .with(TemporalAdjusters.next(DayOfWeek.MONDAY)).plusDays(2)
                .atTime(12, 0).toInstant(ZoneOffset.UTC);
        return Duration.between(now, target);
    }

    private JsonObject key(Auth auth, String description, int days) {
        return api.createKey(auth, "{\"description\":\"" + description + "\",\"expires_in_days\":" + days + "}");
    }

    private List<JsonObject> notices(String keyId) {
        Reply reply = api.get("notices?key_id=" + keyId, admin);
        assertEquals(200, reply.status(), reply.toString());
        return reply.json().getJsonArray("data").stream().map(JsonValue::asJsonObject).toList();
    }

    private List<JsonObject> events(String keyId, String type) {
        Reply reply = api.get("keys/" + keyId + "/events", admin);
        assertEquals(200, reply.status(), reply.toString());
        return reply.json().getJsonArray("data").stream().map(JsonValue::asJsonObject)
                .filter(e -> e.getString("type").equals(type)).toList();
    }

    private static List<MimeMessage> digests(String email) {
        return smtp.inbox(email).stream().filter(m -> subject(m).startsWith("Latchkey weekly digest")).toList();
    }

    private static List<MimeMessage> mailsAbout(String email, String text) {
        return smtp.inbox(email).stream().filter(m -> {
            try {
                return subject(m).contains(text) || part(m, "text/plain").contains(text);
            } catch (MessagingException | IOException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    private static <T> T single(List<T> items) {
        assertEquals(1, items.size(), items.toString());
        return items.get(0);
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
        for (int i = 0; i < multipart.getCount(); i++) {
            BodyPart part = multipart.getBodyPart(i);
            if (part.isMimeType(type)) {
                return (String) part.getContent();
            }
        }
        throw new AssertionError("no " + type + " part");
    }
}
