package io.latchkey.client;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.stream.JsonParsingException;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The calls the client makes to Latchkey, with the verifier credential: {@code POST /api/v1/keys/verify} for a key
 * it has no trusted answer for, the {@code GET /api/v1/keys/changes} stream and the confirmations of its changes. Plain {@link HttpClient} (HTTP/1.1), so
 * that the JAR needs nothing the server's JAX-RS client would have to be configured for, and JSON-P to read answers.
 */
@ApplicationScoped
class LatchkeyServer {

    private static final Logger LOG = Logger.getLogger(LatchkeyServer.class.getName());

    /** What Latchkey said about a key. */
    sealed interface Answer {
    }

    /** Good: who the caller is; {@code cacheable} is false for a key with a rate limit, which Latchkey must count. */
    record Valid(LatchkeyCaller caller, boolean cacheable) implements Answer {
    }

    /** Refused, with Latchkey's code ({@code key_revoked}, {@code key_expired}, ...). */
    record Refused(String code) implements Answer {
    }

    /** Over its rate limit: the application answers 429 with the same {@code Retry-After}. */
    record Limited(String retryAfter) implements Answer {
    }

    /** No answer (Latchkey down, unreachable, or the verifier credential refused): the request is refused. */
    record Unavailable(String why) implements Answer {
    }

    @Inject
    @ConfigProperty(name = "latchkey.url")
    String url;

    @Inject
    @ConfigProperty(name = "latchkey.verifier-key")
    String verifierKey;

    @Inject
    @ConfigProperty(name = "latchkey.client.timeout", defaultValue = "PT2S")
    Duration timeout;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    /** The verifier key goes in every call: plain HTTP is for loopback only, and said so once. */
    @PostConstruct
    void warnOfPlainHttp() {
        URI base = URI.create(url);
        if ("http".equals(base.getScheme()) && !List.of("localhost", "127.0.0.1", "[::1]").contains(base.getHost())) {
            LOG.warning("latchkey.url is plain HTTP to " + base.getHost() + ": the verifier key travels unencrypted; use https");
        }
    }

    Answer verify(String key, String clientIp) {
        String body = Json.createObjectBuilder().add("key", key).add("client_ip", clientIp).build().toString();
        HttpRequest request = HttpRequest.newBuilder(endpoint("api/v1/keys/verify")).timeout(timeout)
                .header("Authorization", "Bearer " + verifierKey).header("Content-Type", "application/json")
                .header("Accept", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return new Unavailable(e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Unavailable("interrupted");
        }
        if (response.statusCode() == 429) {
            return new Limited(response.headers().firstValue("Retry-After").orElse("60"));
        }
        if (response.statusCode() != 200) {
            return new Unavailable("verify answered " + response.statusCode());
        }
        try (JsonReader reader = Json.createReader(new StringReader(response.body()))) {
            JsonObject answer = reader.readObject().getJsonObject("data");
            if (!answer.getBoolean("valid", false)) {
                return new Refused(answer.getString("code", "key_invalid"));
            }
            Set<String> scopes = new HashSet<>();
            answer.getJsonArray("scopes").getValuesAs(JsonString.class).forEach(scope -> scopes.add(scope.getString()));
            JsonObject owner = answer.getJsonObject("owner");
            LatchkeyCaller caller = new LatchkeyCaller(owner.getString("email"), answer.getString("key_id"),
                    owner.getString("id"), answer.getString("organization_id"), answer.getString("access"), scopes,
                    Instant.parse(answer.getString("expires_at")));
            return new Valid(caller, response.headers().firstValue("RateLimit-Limit").isEmpty());
        } catch (JsonParsingException | ClassCastException | NullPointerException | DateTimeParseException e) {
            return new Unavailable("verify answered what the client does not understand");
        }
    }

    /**
     * Confirms that the change was taken (the cache no longer holds what it names), which lets the call that made it
     * return on Latchkey. Sent without waiting; Latchkey closes a stream whose client does not confirm in time.
     */
    void acknowledge(String stream, String change) {
        String body = Json.createObjectBuilder().add("stream", stream).add("change", change).build().toString();
        http.sendAsync(HttpRequest.newBuilder(endpoint("api/v1/keys/changes/acks")).timeout(timeout)
                .header("Authorization", "Bearer " + verifierKey).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding());
    }

    /** Opens the change stream; its lines go to {@code lines} until it ends. */
    CompletableFuture<HttpResponse<Void>> stream(Flow.Subscriber<String> lines) {
        HttpRequest request = HttpRequest.newBuilder(endpoint("api/v1/keys/changes"))
                .header("Authorization", "Bearer " + verifierKey).header("Accept", "text/event-stream").GET().build();
        // only a 200 text/event-stream is read as events; anything else (a 401, a 429, a proxy's page) ends the attempt
        return http.sendAsync(request, info -> info.statusCode() == 200 && info.headers().firstValue("Content-Type")
                .orElse("").startsWith("text/event-stream") ? HttpResponse.BodySubscribers.fromLineSubscriber(lines)
                : HttpResponse.BodySubscribers.replacing(null));
    }

    private URI endpoint(String path) {
        return URI.create(url.endsWith("/") ? url + path : url + "/" + path);
    }
}
