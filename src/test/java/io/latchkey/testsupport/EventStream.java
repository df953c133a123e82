package io.latchkey.testsupport;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A client of a server-sent-events stream, as a backend would hold one: its status, then its events in order, with
 * {@link #END} once the server closed it.
 */
public final class EventStream implements AutoCloseable {

    /** An event: its name and its data. */
    public record Event(String name, String data) {
    }

    public static final Event END = new Event("end", "");

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    private final HttpResponse<Stream<String>> response;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private String refusal;

    private EventStream(HttpResponse<Stream<String>> response) {
        this.response = response;
        if (response.statusCode() == 200) {
            Thread reader = new Thread(this::read, "event-stream");
            reader.setDaemon(true);
            reader.start();
        }
    }

    /** Opens the stream with an {@code Authorization} header (none when null). */
    public static EventStream open(URI uri, String authorization) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream").GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return new EventStream(HTTP.send(request.build(), HttpResponse.BodyHandlers.ofLines()));
    }

    public int status() {
        return response.statusCode();
    }

    /** The body of a refused stream (a problem). */
    public synchronized String body() {
        if (refusal == null) {
            refusal = String.join("\n", response.body().toList());
        }
        return refusal;
    }

    /** The next event that is not a heartbeat, waiting up to {@code timeout}; null when none came. */
    public Event next(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Event event = events.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (event == null || !event.name().equals("heartbeat")) {
                return event;
            }
        }
    }

    /** Waits for the next heartbeat and returns what came before it that was not one. */
    public java.util.List<Event> untilHeartbeat(Duration timeout) throws InterruptedException {
        java.util.List<Event> before = new java.util.ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Event event = events.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (event == null) {
                throw new AssertionError("no heartbeat within " + timeout + "; before it: " + before);
            }
            if (event.name().equals("heartbeat")) {
                return before;
            }
            before.add(event);
        }
    }

    private void read() {
        String name = "message";
        StringBuilder data = new StringBuilder();
        try (Stream<String> lines = response.body()) {
            for (String line : (Iterable<String>) lines::iterator) {
                if (line.isEmpty()) {
                    if (data.length() > 0) { // as the SSE specification says: an event without data is none
                        events.add(new Event(name, data.toString()));
                    }
                    name = "message";
                    data.setLength(0);
                } else if (line.startsWith("event:")) {
                    name = line.substring(6).strip();
                } else if (line.startsWith("data:")) {
                    data.append(line.substring(5).strip());
                }
            }
        } catch (RuntimeException closed) {
            // The stream ended under the reader: that is its end.
        }
        events.add(END);
    }

    @Override
    public void close() {
        try {
            response.body().close();
        } catch (RuntimeException ignored) {
            // Closing is all that is asked.
        }
    }
}
