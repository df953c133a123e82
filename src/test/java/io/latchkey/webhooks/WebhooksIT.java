package io.latchkey.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.latchkey.testsupport.Api;
import io.latchkey.testsupport.Api.Auth;
import io.latchkey.testsupport.Api.Reply;
import io.latchkey.testsupport.DeployedLatchkey;
import io.latchkey.testsupport.Eventually;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Webhooks against a real HTTP receiver in this JVM (on loopback, which the test server's operator list
 * allows): CloudEvents JSON, the signature checked here with the secret the API showed, order, retries with
 * backoff, giving up, and who may see and change webhooks. Each test has an organization of its own.
 */
class WebhooksIT extends DeployedLatchkey {

    private static final String PASSWORD = "webhooks-password-1";

    /** One request the receiver got. */
    record Received(Map<String, List<String>> headers, String body, Instant at) {

        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }

        JsonObject event() {
            return Json.createReader(new StringReader(body)).readObject();
        }
    }

    HttpServer receiver;
    final List<Received> received = Collections.synchronizedList(new ArrayList<>());
    /** How many of the next requests the receiver fails with 503; negative: all of them, with 500. */
    final AtomicInteger failNext = new AtomicInteger();
    String url;
    Auth admin;

    @BeforeEach
    void setUp() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        receiver.createContext("/hook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            received.add(new Received(Map.copyOf(exchange.getRequestHeaders()), new String(body, StandardCharsets.UTF_8),
                    Instant.now()));
            int fail = failNext.getAndUpdate(n -> n > 0 ? n - 1 : n);
            exchange.sendResponseHeaders(fail < 0 ? 500 : fail > 0 ? 503 : 204, -1);
            exchange.close();
        });
        receiver.start();
        url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
        String email = Api.uniqueEmail("webhook-admin");
        api.createOrganization("Webhooks " + email, email, PASSWORD);
        admin = Auth.basic(email, PASSWORD);
    }

    @AfterEach
    void tearDown() {
        receiver.stop(0);
        api.moveClock(Duration.ZERO);
    }

    @Test
    void eventsArriveAsSignedCloudEventsInOrderOnce() throws Exception {
        JsonObject webhook = register("{\"url\":\"" + url + "\",\"description\":\"SIEM\","
                + "\"events\":[\"key.created\",\"key.changed\",\"key.revoked\"]}");
        String secret = webhook.getString("secret");
        assertTrue(secret.startsWith("whsec_"), webhook.toString());
        assertTrue(api.get("webhooks/" + webhook.getString("id"), admin).data().isNull("secret"), "the secret is shown once");

        JsonObject key = api.createKey(admin, "{\"description\":\"deploy\",\"access\":\"read_only\"}");
        String keyId = key.getString("id");
        assertEquals(200, api.patch("keys/" + keyId, admin, "{\"description\":\"deploy (prod)\"}").status());
        assertEquals(200, api.post("keys/" + keyId + "/regenerate", admin, "{}").status());
        assertEquals(200, api.delete("keys/" + keyId, admin).status());

        List<Received> three = awaitReceived(3);
        assertEquals(List.of("io.latchkey.key.created", "io.latchkey.key.changed", "io.latchkey.key.revoked"),
                three.stream().map(r -> r.event().getString("type")).toList(), "in order; key.regenerated is not asked for");
        for (Received delivery : three) {
            JsonObject event = delivery.event();
            assertEquals("1.0", event.getString("specversion"));
            assertEquals(keyId, event.getString("subject"));
            assertEquals(keyId, event.getJsonObject("data").getString("key_id"));
            assertTrue(event.getString("source").startsWith("/latchkey/organizations/"), event.toString());
            assertEquals("application/json", event.getString("datacontenttype"));
            assertEquals(event.getString("id"), delivery.header("Latchkey-Event-Id"));
            assertTrue(delivery.header("Content-Type").startsWith("application/cloudevents+json"), delivery.headers().toString());
            assertTrue(verifies(delivery, secret), "signed with the webhook's secret: " + delivery.header("Latchkey-Signature"));
            assertFalse(verifies(delivery, secret + "x"), "and with no other");
            assertFalse(delivery.body().contains(key.getString("api_key")), "no secret in any event");
        }
        assertEquals("deploy (prod)", three.get(1).event().getJsonObject("data").getJsonObject("details")
                .getJsonObject("description").getString("after"), three.get(1).body());
        assertEquals(3, three.stream().map(r -> r.event().getString("id")).distinct().count());

        List<JsonObject> deliveries = Eventually.poll(() -> {
            List<JsonObject> all = deliveries(webhook.getString("id"));
            return all.size() == 3 && all.stream().allMatch(d -> d.getString("state").equals("delivered")) ? all : null;
        });
        for (JsonObject delivery : deliveries) {
            assertEquals(1, delivery.getInt("attempts"), delivery.toString());
            assertEquals(204, delivery.getInt("last_status"), delivery.toString());
            assertTrue(delivery.isNull("next_attempt_at"), delivery.toString());
        }
        assertEquals("key.revoked", deliveries.get(0).getString("event_type"), "newest first");

        // a rotated secret signs the next delivery, the old one no longer
        Reply rotated = api.post("webhooks/" + webhook.getString("id") + "/secret", admin, null);
        assertEquals(200, rotated.status(), rotated.toString());
        String newSecret = rotated.data().getString("secret");
        assertNotEquals(secret, newSecret);
        assertTrue(rotated.header("Cache-Control").contains("no-store"), rotated.header("Cache-Control"));
        api.createKey(admin, "{\"description\":\"after rotation\",\"access\":\"read_only\"}");
        Received fourth = awaitReceived(4).get(3);
        assertTrue(verifies(fourth, newSecret));
        assertFalse(verifies(fourth, secret));
        Eventually.poll(() -> deliveries(webhook.getString("id")).stream()
                .allMatch(d -> d.getString("state").equals("delivered")) ? true : null);
        assertEquals(4, received.size(), "each event once");
    }

    @Test
    void failuresAreRetriedWithBackoffTheNextWaitsAndAFailureForGoodLetsItGo() {
        JsonObject webhook = register("{\"url\":\"" + url + "\",\"events\":[\"key.created\"]}");
        failNext.set(2);
        String first = api.createKey(admin, "{\"description\":\"first\",\"access\":\"read_only\"}").getString("id");
        String second = api.createKey(admin, "{\"description\":\"second\",\"access\":\"read_only\"}").getString("id");

        List<Received> four = awaitReceived(4);
        assertEquals(List.of(first, first, first, second), four.stream().map(r -> r.event().getString("subject")).toList(),
                "the second waits until the first is delivered");
        assertEquals(four.get(0).event().getString("id"), four.get(2).event().getString("id"), "a retry is the same event");
        assertEquals(List.of("1", "2", "3", "1"), four.stream().map(r -> r.header("Latchkey-Attempt")).toList());
        Duration firstWait = Duration.between(four.get(0).at(), four.get(1).at());
        Duration secondWait = Duration.between(four.get(1).at(), four.get(2).at());
        assertTrue(firstWait.toMillis() >= 900, "backoff: " + firstWait);
        assertTrue(secondWait.toMillis() >= 1900, "doubled: " + secondWait);

        failNext.set(-1);
        String doomed = api.createKey(admin, "{\"description\":\"doomed\",\"access\":\"read_only\"}").getString("id");
        JsonObject failed = Eventually.poll(() -> deliveries(webhook.getString("id")).stream()
                .filter(d -> d.getString("state").equals("failed")).findFirst().orElse(null));
        assertEquals(3, failed.getInt("attempts"), failed.toString());
        assertEquals(500, failed.getInt("last_status"));
        assertEquals("HTTP 500", failed.getString("last_error"));
        assertEquals(3, received.stream().filter(r -> r.event().getString("subject").equals(doomed)).count());
        failNext.set(0);
        String after = api.createKey(admin, "{\"description\":\"after\",\"access\":\"read_only\"}").getString("id");
        Received next = awaitReceived(8).get(7);
        assertEquals(after, next.event().getString("subject"), "given up, the failed one no longer holds the rest back");
    }

    @Test
    void expiringKeysAndDeactivatedUsersAreToldWithoutMail() {
        register("{\"url\":\"" + url + "\",\"events\":[\"key.expiring\",\"key.expired\",\"user.deactivated\"]}");
        String keyId = api.createKey(admin, "{\"description\":\"short\",\"access\":\"read_only\",\"expires_in_days\":7}")
                .getString("id");
        api.scanNotices();
        Received expiring = Eventually.poll(() -> find(r -> r.event().getString("type").equals("io.latchkey.key.expiring")));
        assertEquals(keyId, expiring.event().getString("subject"));
        assertEquals("days_7", expiring.event().getJsonObject("data").getString("threshold"));
        api.moveClock(Duration.ofDays(7).plusHours(1));
        api.scanNotices();
        Received expired = Eventually.poll(() -> find(r -> r.event().getString("type").equals("io.latchkey.key.expired")));
        assertEquals(keyId, expired.event().getString("subject"));
        api.moveClock(Duration.ZERO);

        String userId = api.createUser(admin, Api.uniqueEmail("leaver"), PASSWORD, "token-manager");
        assertEquals(200, api.patch("users/" + userId, admin, "{\"active\":false}").status());
        Received gone = Eventually.poll(() -> find(r -> r.event().getString("type").equals("io.latchkey.user.deactivated")));
        assertEquals(userId, gone.event().getJsonObject("data").getString("user_id"));
        assertTrue(received.stream().noneMatch(r -> r.event().getString("type").equals("io.latchkey.key.created")),
                "only the events asked for");
    }

    @Test
    void badWebhooksAreRefusedAndChangeNothing() {
        for (String target : List.of("ftp://127.0.0.1/hook", "http://127.0.0.2/hook",
                "http://169.254.169.254/latest/meta-data", "http://[::1]/hook", "http://0.0.0.0/hook", "http://[fe80::1]/x",
                "http://user:pw@example.com/hook", "http://no-such-host.invalid/hook", "not a url", "http:///nohost",
                "https://224.0.0.1/multicast", "http://[::ffff:127.0.0.2]/hook")) {
            Reply reply = api.post("webhooks", admin, "{\"url\":\"" + target + "\",\"events\":[\"key.created\"]}");
            assertEquals(400, reply.status(), target + ": " + reply);
            assertTrue(reply.body().contains("url"), reply.toString());
        }
        for (String body : List.of("{}", "{\"url\":\"" + url + "\"}", "{\"url\":\"" + url + "\",\"events\":[]}",
                "{\"url\":\"" + url + "\",\"events\":[\"key.exploded\"]}", "{\"url\":\"" + url + "\",\"events\":\"key.created\"}",
                "{\"url\":\"" + url + "\",\"events\":[\"key.created\"],\"description\":\"a\\u0000b\"}")) {
            assertEquals(400, api.post("webhooks", admin, body).status(), body);
        }
        assertEquals(0, api.get("webhooks", admin).json().getJsonArray("data").size(), "nothing was registered");

        JsonObject webhook = register("{\"url\":\"" + url + "\",\"events\":[\"key.created\"]}");
        String id = webhook.getString("id");
        assertEquals(400, api.patch("webhooks/" + id, admin, "{\"url\":\"http://169.254.169.254/\"}").status());
        assertEquals(400, api.patch("webhooks/" + id, admin, "{\"events\":[\"nothing\"]}").status());
        assertEquals(400, api.patch("webhooks/" + id, admin, "{}").status());
        assertEquals(url, api.get("webhooks/" + id, admin).data().getString("url"));

        // only admins, only their organization's
        String managerEmail = Api.uniqueEmail("webhook-manager");
        api.createUser(admin, managerEmail, PASSWORD, "token-manager");
        Auth manager = Auth.basic(managerEmail, PASSWORD);
        assertEquals(403, api.get("webhooks", manager).status());
        assertEquals(403, api.post("webhooks", manager, "{\"url\":\"" + url + "\",\"events\":[\"key.created\"]}").status());
        Auth otherAdmin = Auth.admin();
        for (Reply reply : List.of(api.get("webhooks/" + id, otherAdmin), api.get("webhooks/" + id + "/deliveries", otherAdmin),
                api.patch("webhooks/" + id, otherAdmin, "{\"active\":false}"), api.post("webhooks/" + id + "/secret", otherAdmin, null),
                api.delete("webhooks/" + id, otherAdmin))) {
            assertEquals(404, reply.status(), reply.toString());
        }
        assertTrue(api.get("webhooks", otherAdmin).json().getJsonArray("data").stream()
                .noneMatch(w -> w.asJsonObject().getString("id").equals(id)));
        assertTrue(api.get("webhooks/" + id, admin).data().getBoolean("active"));

        // inactive: nothing is written nor sent; deleted: gone with its deliveries
        assertEquals(200, api.patch("webhooks/" + id, admin, "{\"active\":false}").status());
        api.createKey(admin, "{\"description\":\"unheard\",\"access\":\"read_only\"}");
        assertEquals(List.of(), deliveries(id));
        assertEquals(204, api.delete("webhooks/" + id, admin).status());
        assertEquals(404, api.get("webhooks/" + id, admin).status());
        assertEquals(List.of(), received);
        JsonObject audit = api.get("audit?type=webhook_created", admin).json().getJsonArray("data").getJsonObject(0);
        assertEquals(id, audit.getJsonObject("details").getString("webhook_id"));
        assertFalse(audit.toString().contains("whsec_"), "the audit trail never holds the secret");
    }

    private JsonObject register(String body) {
        Reply reply = api.post("webhooks", admin, body);
        assertEquals(201, reply.status(), reply.toString());
        assertTrue(reply.header("Cache-Control").contains("no-store"), "the answer holds the signing secret");
        return reply.data();
    }

    private List<JsonObject> deliveries(String webhookId) {
        Reply reply = api.get("webhooks/" + webhookId + "/deliveries", admin);
        assertEquals(200, reply.status(), reply.toString());
        return reply.json().getJsonArray("data").stream().map(JsonValue::asJsonObject).toList();
    }

    private List<Received> awaitReceived(int count) {
        return Eventually.poll(() -> received.size() >= count ? List.copyOf(received) : null);
    }

    private Received find(Predicate<Received> wanted) {
        synchronized (received) {
            return received.stream().filter(wanted).findFirst().orElse(null);
        }
    }

    /** The receiver's side of the signature, as the docs tell integrators to check it. */
    private static boolean verifies(Received delivery, String secret) throws Exception {
        String t = null;
        String v1 = null;
        for (String part : delivery.header("Latchkey-Signature").split(",")) {
            String[] pair = part.split("=", 2);
            if (pair[0].equals("t")) {
                t = pair[1];
            } else if (pair[0].equals("v1")) {
                v1 = pair[1];
            }
        }
        long age = Math.abs(Instant.now().getEpochSecond() - Long.parseLong(t));
        assertTrue(age < 300, "timestamp " + t + " is " + age + " s off");
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        byte[] expected = mac.doFinal((t + "." + delivery.body()).getBytes(StandardCharsets.UTF_8));
        return MessageDigest.isEqual(expected, HexFormat.of().parseHex(v1));
    }
}
