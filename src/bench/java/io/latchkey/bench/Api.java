package io.latchkey.bench;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Latchkey's HTTP API as the benchmark's set-up and its one-request-at-a-time measurements use it. */
final class Api {

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final String base;

    Api(String base) {
        this.base = base;
    }

    static String basic(String email, String password) {
        return Base64.getEncoder().encodeToString((email + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** POSTs JSON with Basic authentication and returns the response's {@code data}. */
    JsonObject create(String path, String basic, JsonObject body) throws IOException, InterruptedException {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", "Basic " + basic).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201 && response.statusCode() != 200) {
            throw new IllegalStateException("POST " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return Json.createReader(new StringReader(response.body())).readObject().getJsonObject("data");
    }

    /** The status of a GET with these headers. */
    int status(String path, Map<String, String> headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        headers.forEach(request::header);
        return client.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /**
     * Latencies in milliseconds, sorted, of one GET per key (X-API-Key), one at a time; each must answer 200. Measured
     * here, so they include this client's own overhead (tens of microseconds).
     */
    List<Double> latenciesOfEach(String path, Map<String, String> headers, List<String> keys)
            throws IOException, InterruptedException {
        List<Double> millis = new ArrayList<>();
        for (String key : keys) {
            Map<String, String> withKey = new HashMap<>(headers);
            withKey.put("X-API-Key", key);
            long start = System.nanoTime();
            int status = status(path, withKey);
            millis.add((System.nanoTime() - start) / 1e6);
            if (status != 200) {
                throw new IllegalStateException("GET " + path + " with a stored key answered " + status);
            }
        }
        Collections.sort(millis);
        return millis;
    }

    /** A GET's JSON body (any status), with these headers. */
    JsonObject json(String path, Map<String, String> headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(120));
        headers.forEach(request::header);
        HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return Json.createReader(new StringReader(response.body())).readObject();
    }

    /** The status of a DELETE with Basic authentication. */
    int delete(String path, String basic) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Basic " + basic)
                .timeout(Duration.ofSeconds(60)).DELETE().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
