package io.latchkey.client;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The subscription to Latchkey's {@code GET /api/v1/keys/changes}, and the one judge of whether {@link AnswerCache} may
 * be used: only while the stream is open, has said {@code ready}, and was heard from (an event or a heartbeat, which
 * Latchkey sends every 2 s) within {@code latchkey.client.stream-bound} (default 5 s). Otherwise every request is
 * verified with Latchkey, and refused when Latchkey does not answer: the client fails closed, never open.
 *
 * <p>Every {@code changed} event drops what it names at once, and is then confirmed to Latchkey, whose call that made
 * the change waits for the confirmation (so the key is gone here before its {@code DELETE} returns there); opening,
 * losing or giving up on the stream drops
 * everything, because changes may have been missed. {@link #generation()} moves with each of these, so an answer that
 * was being fetched while something changed is not kept ({@link LatchkeyIdentityStore}).
 */
@ApplicationScoped
class ChangeStream {

    private static final Logger LOG = Logger.getLogger(ChangeStream.class.getName());
    private static final long NOT_TRUSTED = -1;

    @Inject
    LatchkeyServer latchkey;

    @Inject
    AnswerCache cache;

    @Inject
    @ConfigProperty(name = "latchkey.client.stream-bound", defaultValue = "PT5S")
    Duration bound;

    private final AtomicLong generation = new AtomicLong();
    private volatile boolean ready;
    private volatile long lastHeard;
    private volatile boolean stopped;
    private volatile Lines current;
    private volatile long backoffMillis = 100;

    /** Connects when the application starts, so that the first requests may already use the cache. */
    void start(@Observes @Initialized(ApplicationScoped.class) Object started) {
        connect();
    }

    @PreDestroy
    void stop() {
        stopped = true;
        Lines lines = current;
        if (lines != null) {
            lines.cancel();
        }
    }

    /** The generation the cache may be used in now, or -1 when it may not. */
    long generation() {
        if (!ready) {
            return NOT_TRUSTED;
        }
        if (System.nanoTime() - lastHeard > bound.toNanos()) {
            Lines lines = current;
            lost("silent for longer than " + bound);
            if (lines != null) {
                lines.cancel();
            }
            return NOT_TRUSTED;
        }
        return generation.get();
    }

    private synchronized void connect() {
        if (stopped || (current != null && !current.done)) {
            return;
        }
        Lines lines = new Lines();
        current = lines;
        latchkey.stream(lines).whenComplete((response, failed) -> {
            if (response != null && response.statusCode() != 200) {
                LOG.warning("Latchkey refused the change stream (" + response.statusCode() + "); checking every key with it");
            }
            lines.end();
        });
    }

    private void lost(String why) {
        if (ready) {
            LOG.info("Latchkey's change stream: " + why + "; checking every key with Latchkey until it is back");
        }
        ready = false;
        generation.incrementAndGet();
        cache.clear();
    }

    private void reconnectLater() {
        if (stopped) {
            return;
        }
        long delay = backoffMillis;
        backoffMillis = Math.min(5_000, backoffMillis * 2);
        CompletableFuture.runAsync(this::connect, CompletableFuture.delayedExecutor(delay, TimeUnit.MILLISECONDS));
    }

    /** The stream's lines, as server-sent events: {@code event:} and {@code data:} lines, an empty line ends one. */
    private final class Lines implements Flow.Subscriber<String> {

        private Flow.Subscription subscription;
        private String stream;
        private String event = "message";
        private final StringBuilder data = new StringBuilder();
        volatile boolean done;

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(String line) {
            if (current != this) {
                return;
            }
            if (line.isEmpty()) {
                if (data.length() > 0) { // as the SSE specification says: an event without data is none
                    dispatch(event, data.toString());
                } else {
                    lastHeard = System.nanoTime();
                }
                event = "message";
                data.setLength(0);
            } else if (line.startsWith("event:")) {
                event = line.substring(6).strip();
            } else if (line.startsWith("data:")) {
                data.append(data.length() == 0 ? "" : "\n").append(line.substring(5).strip());
            }
        }

        private void dispatch(String name, String payload) {
            lastHeard = System.nanoTime();
            switch (name) {
                case "ready" -> {
                    stream = field(read(payload), "stream");
                    generation.incrementAndGet();
                    cache.clear();
                    backoffMillis = 100;
                    ready = true;
                }
                case "changed" -> {
                    generation.incrementAndGet();
                    JsonObject change = read(payload);
                    drop(change);
                    String id = field(change, "change");
                    if (stream != null && id != null) {
                        latchkey.acknowledge(stream, id);
                    }
                }
                default -> {
                    // heartbeat, or an event this client does not know: it only shows the stream is alive.
                }
            }
        }

        /** The event's JSON object, or null when it is not one. */
        private static JsonObject read(String payload) {
            try (JsonReader reader = Json.createReader(new StringReader(payload))) {
                return reader.readObject();
            } catch (RuntimeException unreadable) {
                return null;
            }
        }

        private static String field(JsonObject object, String name) {
            JsonValue value = object == null ? null : object.get(name);
            return value != null && value.getValueType() == JsonValue.ValueType.STRING ? ((JsonString) value).getString() : null;
        }

        /** Drops what the change names; a change this client cannot place (or read) drops everything. */
        private void drop(JsonObject change) {
            String id = field(change, "id");
            if (id == null) {
                cache.clear();
            } else {
                String scope = field(change, "scope");
                cache.drop(scope == null ? "all" : scope, id);
            }
        }

        @Override
        public void onError(Throwable failure) {
            end();
        }

        @Override
        public void onComplete() {
            end();
        }

        void cancel() {
            Flow.Subscription held = subscription;
            if (held != null) {
                held.cancel();
            }
            end();
        }

        synchronized void end() {
            if (done) {
                return;
            }
            done = true;
            if (current == this) {
                lost("closed");
                reconnectLater();
            }
        }
    }
}
