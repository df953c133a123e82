package io.latchkey.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.latchkey.testsupport.Api;
import io.latchkey.testsupport.DeployedLatchkey;
import io.latchkey.testsupport.Api.Auth;
import io.latchkey.testsupport.Api.Reply;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Health, and the promise that secrets never reach the log or a list. */
class PlatformIT extends DeployedLatchkey {

    /**
     * The application's own health paths answer the same on every server; MicroProfile Health's
     * {@code /health} too where the server serves it on the application port (not WildFly: its
     * management port only).
     */
    @Test
    void healthIsUpWhenTheDatabaseAnswers() throws Exception {
        List<URI> paths = new ArrayList<>(List.of(url.toURI().resolve("status"), url.toURI().resolve("status/ready")));
        if (!"wildfly".equals(System.getProperty("latchkey.server"))) {
            paths.add(URI.create("http://127.0.0.1:" + url.getPort() + "/health"));
        }
        for (URI health : paths) {
            HttpResponse<String> response = HttpClient.newHttpClient()
                    .send(HttpRequest.newBuilder(health).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), health + ": " + response.body());
            assertTrue(response.body().contains("\"name\":\"database\""), health + ": " + response.body());
            assertTrue(response.body().contains("\"status\":\"UP\""), health + ": " + response.body());
        }
        HttpResponse<String> live = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(url.toURI().resolve("status/live")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, live.statusCode(), live.body());
        assertTrue(live.body().startsWith("{\"status\":\"UP\""), live.body());
    }

    @Test
    void aKeyNeverAppearsInListsEventsResponsesOrTheLog() throws Exception {
        String email = Api.uniqueEmail("hygiene");
        String password = "hygiene-password-1";
        api.createUser(email, password, "token-manager");
        Auth manager = Auth.basic(email, password);
        List<String> secrets = new ArrayList<>();
        List<Reply> others = new ArrayList<>();
        JsonObject key = api.createKey(manager, "{\"description\":\"hygiene\",\"access\":\"read_write\"}");
        secrets.add(key.getString("api_key"));
        String id = key.getString("id");
        Auth byKey = Auth.bearer(secrets.get(0));
        others.add(api.get("keys", byKey));
        others.add(api.get("keys/" + id, byKey));
        others.add(api.patch("keys/" + id, byKey, "{\"description\":\"hygiene 2\"}"));
        Reply regenerated = api.post("keys/" + id + "/regenerate", byKey, "{}");
        secrets.add(regenerated.data().getString("api_key"));
        others.add(api.get("me", Auth.bearer(secrets.get(0))));
        others.add(api.get("me", Auth.bearer(secrets.get(1) + "tampered")));
        others.add(api.get("me?api_key=" + secrets.get(1), Auth.NONE));
        others.add(api.delete("keys/" + id, Auth.bearer(secrets.get(1))));
        others.add(api.get("me", Auth.bearer(secrets.get(1))));
        others.add(api.get("me", Auth.basic(email, "wrong-password-9")));
        others.add(api.get("keys/" + id + "/events", Auth.admin()));
        others.add(api.get("audit?limit=200", Auth.admin()));
        others.add(api.get("keys?limit=200", Auth.admin()));
        others.add(api.get("notices?limit=200", Auth.admin()));

        Path log = Path.of(System.getProperty("latchkey.itLog", "target/it/server.log"));
        String logged = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        assertTrue(logged.contains("latchkey"), "the log capture works: " + log);
        List<String> haystacks = new ArrayList<>(List.of(logged));
        others.forEach(reply -> haystacks.add(reply.body() + reply.raw().headers().map()));
        for (String secret : secrets) {
            String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(secret.getBytes(StandardCharsets.US_ASCII)));
            String randomPart = secret.substring(3, 35);
            for (String haystack : haystacks) {
                assertFalse(haystack.contains(randomPart), "a key leaked");
                assertFalse(haystack.toLowerCase().contains(digest), "a digest leaked");
            }
            for (Reply creation : List.of(regenerated)) {
                assertFalse(creation.body().toLowerCase().contains(digest), "a digest leaked");
            }
        }
        assertFalse(logged.contains(password), "a password leaked");
        assertFalse(logged.contains("wrong-password-9"), "a password leaked");
        assertFalse(logged.contains(Api.ADMIN_PASSWORD), "a password leaked");
    }
}
