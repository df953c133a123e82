package io.latchkey.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.latchkey.testsupport.Api;
import io.latchkey.testsupport.Api.Auth;
import io.latchkey.testsupport.Api.Reply;
import io.latchkey.testsupport.MailServer;
import io.latchkey.testsupport.PayaraMicroProcess;
import io.latchkey.testsupport.PostgresDatabases;
import jakarta.mail.internet.MimeMessage;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * What src/site/markdown/operations.md promises of a running instance that no test deployment shows: the
 * expiry-notice timer fires by itself (short first delay and interval here), and health turns DOWN when the
 * database is gone (PostgreSQL only: this instance gets a database of its own, which the test then drops).
 */
@Tag("payara")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StandaloneInstanceIT {

    private static final String PASSWORD = "standalone-pass-1";
    private static final boolean POSTGRES = "postgres".equals(System.getProperty("latchkey.db"));
    private static final String DATABASE = "latchkey_standalone_it";
    private static PayaraMicroProcess instance;
    @RegisterExtension
    static final MailServer smtp = new MailServer();

    @BeforeAll
    static void start() throws Exception {
        Path dir = Path.of(System.getProperty("latchkey.itLog", "target/it/server.log")).getParent().resolve("standalone");
        File war = PayaraMicroProcess.war(dir);
        Map<String, String> environment = new HashMap<>(Map.of(
                "LATCHKEY_H2_PATH", dir.resolve("db/latchkey").toString(),
                "LATCHKEY_NOTICE_FIRST_SCAN_DELAY", "PT2S",
                "LATCHKEY_NOTICE_SCAN_INTERVAL", "PT2S",
                "LATCHKEY_LDAP_URL", "", // an installation without a directory
                "LATCHKEY_GRID_SECRET", "", // --nocluster: a grid of its own needs no secret
                "LATCHKEY_PASSWORD_ITERATIONS", "")); // the default strength, which the shared test server lowers
        if (POSTGRES) {
            PostgresDatabases.fresh(DATABASE);
            environment.put("LATCHKEY_DB_NAME", DATABASE);
        }
        instance = new PayaraMicroProcess("standalone", PayaraMicroProcess.freePort(), war, dir, environment);
        instance.start();
        instance.awaitLog("ready in", Duration.ofMinutes(4));
    }

    @AfterAll
    static void stop() throws Exception {
        if (instance != null) {
            instance.kill();
        }
        if (POSTGRES) {
            PostgresDatabases.drop(DATABASE);
        }
    }

    @Test
    @Order(1)
    void theNoticeTimerFiresByItself() throws Exception {
        Api api = new Api(instance.url());
        String email = Api.uniqueEmail("timer");
        api.createUser(email, PASSWORD, "token-manager");
        api.createKey(Auth.basic(email, PASSWORD), "{\"description\":\"timed\",\"expires_in_days\":7}");
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        MimeMessage notice = null;
        while (notice == null && System.nanoTime() < deadline) {
            notice = smtp.received().stream().filter(m -> {
                try {
                    return m.getAllRecipients()[0].toString().contains(email);
                } catch (Exception e) {
                    return false;
                }
            }).findFirst().orElse(null);
            Thread.sleep(250);
        }
        assertTrue(notice != null, "no notice within a minute: the timer did not fire");
        assertEquals("Latchkey: API key \"timed\" expires in 7 days", notice.getSubject());
    }

    @Test
    @Order(1)
    void passwordsAreHashedAtTheDefaultStrength() throws Exception {
        Api api = new Api(instance.url());
        String email = Api.uniqueEmail("strength");
        api.createUser(email, PASSWORD, "member");
        Reply stored = api.get("test-support/password-hash?email=" + email, Auth.NONE);
        assertEquals(600_000, stored.data().getInt("iterations"), stored.toString());
    }

    @Test
    @Order(1)
    void aGridOfItsOwnNeedsNoSecretToAnswerFromMemory() throws Exception {
        Api api = new Api(instance.url());
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String checks = "";
        while (!checks.contains("\"memory\":\"true\"") && System.nanoTime() < deadline) {
            checks = api.send("GET", "/health/ready", Auth.NONE, null, null).json().toString();
            Thread.sleep(250);
        }
        assertTrue(checks.contains("\"memory\":\"true\""), checks);
        String log = instance.log();
        assertTrue(log.contains("the grid joins no other instance"), "--nocluster is seen as a grid of its own");
        assertFalse(log.contains("LATCHKEY_GRID_SECRET (latchkey.grid.secret"), "no complaint about the missing secret");
    }

    @Test
    @Order(1)
    void withoutADirectoryTheSyncIsNotOffered() throws Exception {
        Api api = new Api(instance.url());
        for (Reply reply : new Reply[] {api.get("directory/sync", Auth.admin()), api.post("directory/sync", Auth.admin(), "")}) {
            assertEquals(409, reply.status(), reply.toString());
            assertEquals("directory_not_configured", reply.code());
        }
    }

    @Test
    @Order(2)
    @EnabledIfSystemProperty(named = "latchkey.db", matches = "postgres")
    void healthIsDownWhenTheDatabaseIsGone() throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        URI health = URI.create(instance.url() + "health");
        assertEquals(200, http.send(HttpRequest.newBuilder(health).build(), HttpResponse.BodyHandlers.ofString()).statusCode());
        PostgresDatabases.drop(DATABASE);
        HttpResponse<String> down = http.send(HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(503, down.statusCode(), down.body());
        assertTrue(down.body().contains("\"DOWN\""), down.body());
    }
}
