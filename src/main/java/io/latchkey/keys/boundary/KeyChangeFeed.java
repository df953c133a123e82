package io.latchkey.keys.boundary;

import io.latchkey.caller.Caller;
import io.latchkey.grid.Invalidated;
import io.latchkey.grid.Invalidation;
import io.latchkey.grid.Members;
import io.latchkey.grid.StreamAcknowledged;
import io.latchkey.problems.ProblemException;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The streams of {@code GET /api/v1/keys/changes} open on this instance, and what goes down them: {@code ready} once
 * the stream is registered ({@code {"stream": id}}), {@code changed} for every change to the keys, users or the
 * organization of the stream's organization ({@code {"scope": "key"|"user"|"organization"|"all", "id", "change"}}, the
 * scopes of {@link Invalidation}), and {@code heartbeat} every {@link #HEARTBEAT}, so that a client can tell a silent
 * stream from a dead one.
 *
 * <p>Changes come as {@link Invalidated}, on every instance, before the call that made the change returns
 * ({@code grid.Members#everywhere}). Each is sent, and the event held ({@link Invalidated#holdUntil}) until the client
 * confirms it dropped what it names ({@code POST /keys/changes/acks}, which may reach any instance:
 * {@link StreamAcknowledged}), for at most {@link #ACK_TIMEOUT}; a stream that does not confirm in time is closed. So a
 * client that confirms never accepts a key after its {@code DELETE} has returned. A stream
 * hears of its own organization only: a change to a key or a user is looked up to find whose it is, and one that cannot
 * be placed (deleted since) goes to every stream as {@code all}, which only makes clients forget more. A change that
 * covers the stream's own credential (its key, its user, its organization, everything) closes it after being sent: the
 * client reconnects and authenticates again, so a revoked verifier key cannot keep listening.
 */
@ApplicationScoped
public class KeyChangeFeed {

    private static final Logger LOG = Logger.getLogger(KeyChangeFeed.class.getName());
    static final Duration HEARTBEAT = Duration.ofSeconds(2);
    static final Duration SEND_TIMEOUT = Duration.ofSeconds(1);
    /** How long a change waits for a stream's client to confirm it; below {@link Invalidated#HOLD_LIMIT}. */
    static final Duration ACK_TIMEOUT = Duration.ofSeconds(1);
    /** Streams one credential (a key, or a user signed in otherwise) may hold open on one instance. */
    static final int STREAMS_PER_CREDENTIAL = 8;
    /** Streams one instance holds open in all. */
    static final int STREAMS = 2_000;

    /** The data of a {@code changed} event: {@code change} is what the client confirms. */
    public record Change(String scope, String id, String change) {
    }

    /** The data of the {@code ready} event: the stream's id, which confirmations name. */
    public record Ready(String stream) {
    }

    /** One open stream; sends are serialised per stream (heartbeats and changes come from different threads). */
    private static final class Stream {
        final String id = UUID.randomUUID().toString();
        final Map<String, CompletableFuture<Void>> unconfirmed = new ConcurrentHashMap<>();
        final String organizationId;
        final String userId;
        final String credential;
        final SseEventSink sink;

        Stream(Caller caller, SseEventSink sink) {
            this.organizationId = caller.organizationId();
            this.userId = caller.userId();
            this.credential = credentialOf(caller);
            this.sink = sink;
        }

        synchronized CompletableFuture<?> send(OutboundSseEvent event) {
            if (sink.isClosed()) {
                return CompletableFuture.completedFuture(null);
            }
            try {
                return sink.send(event).toCompletableFuture();
            } catch (RuntimeException gone) {
                return CompletableFuture.failedFuture(gone);
            }
        }

        boolean coveredBy(Invalidation what) {
            return switch (what.scope()) {
                case KEY -> what.id().equals(credential);
                case USER -> what.id().equals(userId);
                case ORGANIZATION -> what.id().equals(organizationId);
                case ALL -> true;
            };
        }

        /** The confirmation of {@code change}, expected from now on. */
        CompletableFuture<Void> expect(String change) {
            CompletableFuture<Void> confirmed = new CompletableFuture<>();
            unconfirmed.put(change, confirmed);
            return confirmed.whenComplete((done, failed) -> unconfirmed.remove(change));
        }

        void close() {
            unconfirmed.values().forEach(waiting -> waiting.complete(null));
            try {
                sink.close();
            } catch (RuntimeException alreadyGone) {
                // The client went away first: nothing left to close.
            }
        }
    }

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Resource
    ManagedExecutorService executor;

    @PersistenceContext(unitName = "latchkey")
    EntityManager em;

    @Inject
    Members members;

    private final Set<Stream> streams = ConcurrentHashMap.newKeySet();
    private volatile Sse sse;
    private ScheduledFuture<?> heartbeats;

    @PostConstruct
    void start() {
        heartbeats = scheduler.scheduleWithFixedDelay(this::heartbeat, HEARTBEAT.toMillis(), HEARTBEAT.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        heartbeats.cancel(false);
        streams.forEach(Stream::close);
        streams.clear();
    }

    /** A client's confirmation that it took a change: told to every instance, one of which holds the stream. */
    public void acknowledge(Caller caller, String stream, String change) {
        members.streamAcknowledged(new StreamAcknowledged(stream, change, credentialOf(caller)));
    }

    private static String credentialOf(Caller caller) {
        return caller.keyId() != null ? caller.keyId() : caller.userId();
    }

    /** Registers the stream and tells the client so; over the bounds, 429 {@code too_many_streams} and nothing opens. */
    public void open(Caller caller, SseEventSink sink, Sse sse) {
        this.sse = sse;
        Stream stream = new Stream(caller, sink);
        synchronized (streams) {
            streams.removeIf(open -> open.sink.isClosed());
            long mine = streams.stream().filter(open -> open.credential.equals(stream.credential)).count();
            if (mine >= STREAMS_PER_CREDENTIAL || streams.size() >= STREAMS) {
                throw new ProblemException(429, "too_many_streams", "Too many requests", "This credential holds "
                        + mine + " change streams open on this instance already; close one first", List.of(),
                        Map.of("Retry-After", "10"));
            }
            streams.add(stream);
        }
        await(List.of(stream.send(sse.newEventBuilder().name("ready").mediaType(MediaType.APPLICATION_JSON_TYPE)
                .data(Ready.class, new Ready(stream.id)).build())));
    }

    /**
     * Sends the change to the streams it concerns and holds it until each confirms (or is closed for not confirming in
     * time). Waits for nothing itself: on another instance than the change's, this runs on the grid's thread.
     */
    void changed(@Observes Invalidated invalidated) {
        Sse events = sse;
        if (events == null || streams.isEmpty()) {
            return;
        }
        Invalidation what = invalidated.what();
        Optional<String> organization = organizationOf(what);
        Change change = organization.isPresent()
                ? new Change(what.scope().name().toLowerCase(Locale.ROOT), what.id(), what.change())
                : new Change("all", null, what.change());
        OutboundSseEvent event = events.newEventBuilder().name("changed").mediaType(MediaType.APPLICATION_JSON_TYPE)
                .data(Change.class, change).build();
        for (Stream stream : streams) {
            if (organization.isPresent() && !organization.get().equals(stream.organizationId)) {
                continue;
            }
            if (stream.coveredBy(what)) {
                // its own credential changed: it could not confirm (its key may be gone); told, then closed
                invalidated.holdUntil(stream.send(event).whenComplete((sent, failed) -> drop(stream)));
                continue;
            }
            CompletableFuture<Void> confirmed = stream.expect(what.change());
            stream.send(event).whenComplete((sent, failed) -> {
                if (failed != null) {
                    drop(stream);
                }
            });
            invalidated.holdUntil(confirmed.orTimeout(ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).whenComplete((done, late) -> {
                if (late != null) {
                    LOG.warning("A change stream's client did not confirm a change within " + ACK_TIMEOUT + "; closed its stream");
                    drop(stream);
                }
            }));
        }
    }

    /** A client's confirmation, wherever it arrived: lets the change's call go on if the stream is here and the caller's. */
    void confirmed(@Observes StreamAcknowledged ack) {
        for (Stream stream : streams) {
            if (stream.id.equals(ack.stream()) && stream.credential.equals(ack.credential())) {
                CompletableFuture<Void> waiting = stream.unconfirmed.get(ack.change());
                if (waiting != null) {
                    waiting.complete(null);
                }
            }
        }
    }

    private void drop(Stream stream) {
        streams.remove(stream);
        stream.close();
    }

    /** The organization the change belongs to; empty for everything, or for a key or user no longer there. */
    private Optional<String> organizationOf(Invalidation what) {
        if (what.scope() == Invalidation.Scope.ORGANIZATION) {
            return Optional.of(what.id());
        }
        if (what.scope() == Invalidation.Scope.ALL) {
            return Optional.empty();
        }
        String query = what.scope() == Invalidation.Scope.KEY
                ? "select k.organizationId from ApiKey k where k.id = :id"
                : "select u.organization.id from User u where u.id = :id";
        // The observer may run on the grid's own thread, where no persistence context is at hand.
        try {
            return executor.submit(() -> em.createQuery(query, String.class).setParameter("id", what.id())
                    .getResultStream().findFirst()).get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (ExecutionException | TimeoutException e) {
            LOG.log(Level.WARNING, "Could not tell whose a change is; every change stream forgets everything", e);
            return Optional.empty();
        }
    }

    private void heartbeat() {
        Sse events = sse;
        streams.removeIf(stream -> stream.sink.isClosed());
        if (events == null || streams.isEmpty()) {
            return;
        }
        OutboundSseEvent beat = events.newEventBuilder().name("heartbeat").data("heartbeat").build();
        List<CompletableFuture<?>> sent = new ArrayList<>();
        for (Stream stream : streams) {
            sent.add(stream.send(beat).whenComplete((done, failed) -> {
                if (failed != null) {
                    drop(stream);
                }
            }));
        }
        await(sent);
    }

    /** Waits for the sends, up to {@link #SEND_TIMEOUT} in all; a stream that failed is the client's loss, not an error. */
    private static void await(List<CompletableFuture<?>> sends) {
        try {
            CompletableFuture.allOf(sends.stream().map(send -> send.exceptionally(gone -> null))
                    .toArray(CompletableFuture[]::new)).get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException slow) {
            LOG.fine("A change stream did not take an event in time");
        }
    }
}
