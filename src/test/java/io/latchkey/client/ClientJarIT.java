package io.latchkey.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.benmanes.caffeine.cache.Caffeine;
import io.latchkey.client.sample.OrdersApp;
import io.latchkey.keys.control.SecretCodec;
import io.latchkey.testsupport.Api;
import io.latchkey.testsupport.Api.Auth;
import io.latchkey.testsupport.DeployedLatchkey;
import io.latchkey.testsupport.Eventually;
import io.latchkey.testsupport.JbossCli;
import io.latchkey.testsupport.PayaraMicroProcess;
import io.latchkey.testsupport.TcpRelay;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.File;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Jakarta EE client JAR in a customer's own application ({@link OrdersApp}, with the built JAR and Caffeine in
 * {@code WEB-INF/lib} and two settings), deployed next to Latchkey on the server of the run: a Payara Micro of its own
 * on the Payara profile, the same WildFly or Open Liberty on theirs. The application reaches Latchkey through a
 * {@link TcpRelay}, so that a test can take Latchkey away from it. Latchkey's metrics count the verify calls the
 * application makes, which shows when it answers from its cache and when it asks.
 */
class ClientJarIT extends DeployedLatchkey {

    private static final String PASSWORD = "client-jar-password-1";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final SecretCodec CODEC = new SecretCodec("lk", new SecureRandom());

    /** One sample application for the class, set up by the first test that needs it. */
    private static Sample sample;

    private Auth admin;

    @BeforeEach
    void sampleApplication() throws Exception {
        if (sample == null) {
            sample = Sample.deploy(api, url);
        }
        admin = sample.admin;
    }

    @AfterAll
    static void removeSample() throws Exception {
        if (sample != null) {
            sample.remove();
            sample = null;
        }
    }

    @Test
    void aKeyIsLetInByItsScopesAndRefusedWithoutThem() throws Exception {
        JsonObject writer = key("read_write", "orders:read", "orders:write");
        JsonObject reader = key("read_only", "orders:read");
        JsonObject noWrite = key("read_write", "orders:read");

        assertEquals(200, call("POST", "orders", writer).statusCode(), "a key with the scope");
        assertEquals(200, call("GET", "orders", reader).statusCode());
        HttpResponse<String> missing = call("POST", "orders", noWrite);
        assertEquals(403, missing.statusCode(), "a key without the scope");
        assertEquals("insufficient_scope", code(missing));
        HttpResponse<String> readOnly = call("POST", "orders", reader);
        assertEquals(403, readOnly.statusCode(), "a read-only key may not write");
        assertEquals("read_only_key", code(readOnly));
        HttpResponse<String> anonymous = call("GET", "orders", Map.of());
        assertEquals(401, anonymous.statusCode(), "no key");
        assertEquals("authentication_required", code(anonymous));
        assertEquals(200, call("GET", "status", Map.of()).statusCode(), "what the application leaves open stays open");

        JsonObject me = json(call("GET", "orders/me", writer));
        assertEquals(sample.adminEmail, me.getString("name"), "the caller is the key's owner");
        assertTrue(me.getBoolean("writes_orders"), "isCallerInRole answers from the scopes");
        assertTrue(me.getBoolean("read_write"));
        JsonObject mine = json(call("GET", "orders/me", reader));
        assertFalse(mine.getBoolean("writes_orders"));
        assertFalse(mine.getBoolean("read_write"));
    }

    @Test
    void garbageIsRefusedWithoutAskingLatchkey() throws Exception {
        String good = CODEC.generate().plaintext();
        String[] garbage = {"not-a-key", "lk_" + "x".repeat(38), good.substring(0, good.length() - 1) + (good.endsWith("A") ? "B" : "A"),
                "zz" + good.substring(2), good + "0"};
        double before = sample.verifyCalls();
        for (String presented : garbage) {
            HttpResponse<String> refused = call("GET", "orders", Map.of("Authorization", "Bearer " + presented));
            assertEquals(401, refused.statusCode(), presented);
            assertEquals("key_invalid", code(refused));
            assertEquals(401, call("GET", "orders", Map.of("X-API-Key", presented)).statusCode(), presented);
        }
        assertEquals(before, sample.verifyCalls(), "the checksum refused them: no call to Latchkey");

        assertEquals(401, call("GET", "orders", Map.of("Authorization", "Bearer " + good)).statusCode(),
                "a well-formed key Latchkey does not know");
        assertEquals(before + 1, sample.verifyCalls(), "is asked about once");
    }

    @Test
    void aRevokedKeyIsRefusedOnTheRequestAfterItsDeleteReturns() throws Exception {
        for (int round = 0; round < 3; round++) {
            JsonObject key = key("read_only", "orders:read");
            awaitCached(key);
            assertEquals(200, api.delete("keys/" + key.getString("id"), admin).status());
            HttpResponse<String> refused = call("GET", "orders", key);
            assertEquals(401, refused.statusCode(), "round " + round + ": the very next request");
            assertEquals("key_invalid", code(refused));
        }
        JsonObject narrowed = key("read_write", "orders:read", "orders:write");
        awaitCached(narrowed);
        assertEquals(200, api.patch("keys/" + narrowed.getString("id"), admin, "{\"scopes\":[\"orders:read\"]}").status());
        assertEquals(403, call("POST", "orders", narrowed).statusCode(), "a scope taken away is gone on the next request");
        assertEquals(200, call("GET", "orders", narrowed).statusCode());
    }

    @Test
    void withLatchkeyOutOfReachCachedKeysAreRefusedNotTrusted() throws Exception {
        JsonObject key = key("read_only", "orders:read");
        awaitCached(key);
        sample.relay.freeze();
        try {
            HttpResponse<String> unavailable = Eventually.poll(() -> {
                HttpResponse<String> answer = call("GET", "orders", key);
                return answer.statusCode() == 200 ? null : answer;
            });
            assertEquals(503, unavailable.statusCode(), "the stream went silent: the cache is not trusted any more");
            assertEquals("latchkey_unavailable", code(unavailable));
            for (int i = 0; i < 3; i++) {
                assertEquals(503, call("GET", "orders", key).statusCode(), "never let in on an old answer");
            }
        } finally {
            sample.relay.restore();
        }
        assertEquals(200, Eventually.poll(() -> {
            int status = call("GET", "orders", key).statusCode();
            return status == 200 ? status : null;
        }), "back once Latchkey is");
        awaitCached(key);
        assertEquals(200, api.delete("keys/" + key.getString("id"), admin).status());
        assertEquals(401, call("GET", "orders", key).statusCode(), "the stream is back: revocation is immediate again");
    }

    /** Asks until a request with the key is answered without a verify call: the application has it cached. */
    private void awaitCached(JsonObject key) {
        Eventually.poll(() -> {
            double before = sample.verifyCalls();
            assertEquals(200, call("GET", "orders", key).statusCode());
            return sample.verifyCalls() == before ? Boolean.TRUE : null;
        });
    }

    private JsonObject key(String access, String... scopes) {
        return api.createKey(admin, Json.createObjectBuilder().add("description", "orders client").add("access", access)
                .add("scopes", Json.createArrayBuilder(java.util.List.of(scopes))).build().toString());
    }

    private static HttpResponse<String> call(String method, String path, JsonObject key) {
        return call(method, path, key == null ? Map.of() : Map.of("Authorization", "Bearer " + key.getString("api_key")));
    }

    private static HttpResponse<String> call(String method, String path, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(sample.base.resolve(path)).timeout(Duration.ofSeconds(30))
                .method(method, HttpRequest.BodyPublishers.noBody());
        headers.forEach(request::header);
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static JsonObject json(HttpResponse<String> response) {
        assertEquals(200, response.statusCode(), response.body());
        return Json.createReader(new StringReader(response.body())).readObject();
    }

    private static String code(HttpResponse<String> response) {
        return Json.createReader(new StringReader(response.body())).readObject().getString("code");
    }

    /** The sample application, where it runs, and what it was set up with. */
    private static final class Sample {

        final TcpRelay relay;
        final URI base;
        final String adminEmail;
        final Auth admin;
        final Auth operator;
        final Api api;
        final Runnable remove;

        private Sample(TcpRelay relay, URI base, String adminEmail, Auth admin, Auth operator, Api api, Runnable remove) {
            this.relay = relay;
            this.base = base;
            this.adminEmail = adminEmail;
            this.admin = admin;
            this.operator = operator;
            this.api = api;
            this.remove = remove;
        }

        static Sample deploy(Api api, java.net.URL latchkey) throws Exception {
            String adminEmail = Api.uniqueEmail("client-jar-admin");
            api.createOrganization("Client JAR " + UUID.randomUUID().toString().substring(0, 6), adminEmail, PASSWORD);
            Auth admin = Auth.basic(adminEmail, PASSWORD);
            assertEquals(201, api.post("services", admin, "{\"name\":\"orders\",\"scopes\":[{\"name\":\"orders:read\"},"
                    + "{\"name\":\"orders:write\",\"writes\":true}]}").status());
            String verifier = api.createUser(admin, Api.uniqueEmail("client-jar-verifier"), PASSWORD, "verifier");
            String verifierKey = api.createKey(admin, "{\"description\":\"orders app\",\"access\":\"read_only\",\"owner_id\":\""
                    + verifier + "\"}").getString("api_key");
            Auth operator = Auth.bearer(api.createKey(Auth.admin(), "{\"description\":\"client jar metrics\",\"access\":\"read_only\"}")
                    .getString("api_key"));

            TcpRelay relay = new TcpRelay(latchkey.getPort());
            String path = latchkey.getPath().isEmpty() ? "/" : latchkey.getPath();
            Path dir = Files.createDirectories(Path.of("target/it/client-jar"));
            File war = dir.resolve("latchkey-orders.war").toFile();
            ShrinkWrap.create(WebArchive.class, "latchkey-orders.war")
                    .addClasses(OrdersApp.class, OrdersApp.Orders.class, OrdersApp.Status.class)
                    .addAsLibraries(new File(System.getProperty("latchkey.clientJar")), jarOf(Caffeine.class))
                    .addAsWebInfResource(new StringAsset("<beans xmlns=\"https://jakarta.ee/xml/ns/jakartaee\" version=\"4.0\""
                            + " bean-discovery-mode=\"annotated\"/>"), "beans.xml")
                    .addAsResource(new StringAsset(String.join("\n",
                            "latchkey.url=http://127.0.0.1:" + relay.port() + path,
                            "latchkey.verifier-key=" + verifierKey,
                            "latchkey.client.stream-bound=PT3S", "")), "META-INF/microprofile-config.properties")
                    .as(ZipExporter.class).exportTo(war, true);

            String server = System.getProperty("latchkey.server");
            URI base;
            Runnable remove;
            if ("wildfly".equals(server)) {
                Path wildfly = Path.of(System.getProperty("latchkey.wildflyHome"));
                JbossCli.run(wildfly, dir, "--command=deploy " + war.getAbsolutePath() + " --force");
                base = URI.create("http://127.0.0.1:" + latchkey.getPort() + "/latchkey-orders/api/");
                remove = () -> JbossCli.run(wildfly, dir, "--command=undeploy latchkey-orders.war");
            } else if ("liberty".equals(server)) {
                Path dropins = Files.createDirectories(Path.of(System.getProperty("latchkey.liberty.home"),
                        "usr", "servers", "latchkey", "dropins"));
                Path deployed = dropins.resolve("latchkey-orders.war");
                Files.copy(war.toPath(), deployed, StandardCopyOption.REPLACE_EXISTING);
                base = URI.create("http://127.0.0.1:" + latchkey.getPort() + "/latchkey-orders/api/");
                remove = () -> {
                    try {
                        Files.deleteIfExists(deployed);
                    } catch (IOException e) {
                        throw new AssertionError(e);
                    }
                };
            } else {
                PayaraMicroProcess payara = new PayaraMicroProcess("orders-app", PayaraMicroProcess.freePort(), war, dir, Map.of());
                payara.start();
                payara.awaitLog("ready in", Duration.ofMinutes(4));
                base = URI.create(payara.url() + "api/");
                remove = () -> {
                    try {
                        payara.kill();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                };
            }
            Sample sample = new Sample(relay, base, adminEmail, admin, operator, api, remove);
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (sample.statusOf("status") != 200) {
                assertTrue(System.nanoTime() < deadline, "the sample application did not come up at " + base);
                Thread.sleep(250);
            }
            return sample;
        }

        /** Every verify call Latchkey answered, whatever its outcome (its metrics, read as the operator). */
        double verifyCalls() {
            Api.Reply metrics = api.get("metrics", operator);
            assertEquals(200, metrics.status(), metrics.toString());
            return metrics.body().lines().filter(line -> line.startsWith("latchkey_key_checks_total{path=\"verify\""))
                    .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
        }

        int statusOf(String path) {
            try {
                return HTTP.send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (IOException e) {
                return -1;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            }
        }

        void remove() throws IOException {
            remove.run();
            relay.close();
        }

        private static File jarOf(Class<?> type) throws Exception {
            return new File(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        }
    }
}
