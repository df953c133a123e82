package io.latchkey.keys.boundary;

import io.latchkey.caller.Caller;
import io.latchkey.grid.Invalidated;
import io.latchkey.grid.Invalidation;
import io.latchkey.grid.Members;
import io.latchkey.grid.StreamAcknowledged;
import io.latchkey.problems.ProblemException;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ContextService;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
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
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
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
 * ({@code grid.Members#everywhere}), and after this instance's own memory dropped them (the observer runs after the key
 * cache's), so a client that asks again at once gets the new answer. Each is sent, and the event held
 * ({@link Invalidated#holdUntil}) until every stream it went to confirms it ({@code POST /keys/changes/acks}, which may
 * reach any instance: {@link StreamAcknowledged}), for at most {@link #ACK_TIMEOUT}; a stream that does not confirm in
 * time is closed. So every client that confirms has dropped a key before its {@code DELETE} returns. The work is done
 * on a scheduler thread and only the hold is registered in the observer: on another instance than the change's the
 * observer runs on the grid's thread, which also carries the confirmations.
 *
 * <p>Streams are open only while this instance hears of every change (it holds its lease: {@link Members#usingMemory});
 * without it, opening one is 503 and the open ones are closed within {@link #TICK}, so clients stop trusting their
 * memory. A stream hears of its own organization only: a change to a key or a user is looked up to find whose it is; one
 * that cannot be placed any more (deleted since) goes to every stream as {@code all}, which only makes clients forget,
 * and is not waited for. A change that covers the stream's own credential (its key, its user, its organization) closes
 * it once confirmed or timed out: the client reconnects and authenticates again, so a revoked verifier key cannot keep
 * listening. Sends to one stream go one after another, each on a scheduler thread, so a slow client delays only itself.
 */
@ApplicationScoped
public class KeyChangeFeed {

    private static final Logger LOG = Logger.getLogger(KeyChangeFeed.class.getName());
    private static final Jsonb JSON = JsonbBuilder.create();
    static final Duration HEARTBEAT = Duration.ofSeconds(2);
    /** How often the lease is checked (and every {@code HEARTBEAT / TICK} ticks, heartbeats sent). */
    static final Duration TICK = Duration.ofMillis(250);
    static final Duration SEND_TIMEOUT = Duration.ofSeconds(1);
    /** How long a change waits for a stream's client to confirm it; below {@link Invalidated#HOLD_LIMIT}. */
    static final Duration ACK_TIMEOUT = Duration.ofSeconds(1);
    /** Streams one credential (a key, or a user signed in otherwise) may hold open on one instance. */
    static final int STREAMS_PER_CREDENTIAL = 32;
    /** Streams one organization may hold open on one instance, so that none takes all of them. */
    static final int STREAMS_PER_ORGANIZATION = 500;
    /** Streams one instance holds open in all. */
    static final int STREAMS = 2_000;

    /** The data of a {@code changed} event: {@code change} is what the client confirms. */
    public record Change(String scope, String id, String change) {
    }

    /** The data of the {@code ready} event: the stream's id, which confirmations name. */
    public record Ready(String stream) {
    }

    /** One open stream; its sends are queued one after another on the scheduler. */
    private final class Stream {
        final String id = UUID.randomUUID().toString();
        final Map<String, CompletableFuture<Void>> unconfirmed = new ConcurrentHashMap<>();
        final String organizationId;
        final String userId;
        final String credential;
        final SseEventSink sink;
        /** Completed once {@code ready} is written: what is queued before waits for it. */
        final CompletableFuture<Void> opened = new CompletableFuture<>();
        private CompletableFuture<Void> lane = opened;
        private volatile boolean closed;

        Stream(Caller caller, SseEventSink sink) {
            this.organizationId = caller.organizationId();
            this.userId = caller.userId();
            this.credential = credentialOf(caller);
            this.sink = sink;
        }

        /** Written after every event sent before it; fails when the stream is gone or the client does not take it in time. */
        synchronized CompletableFuture<Void> send(OutboundSseEvent event) {
            CompletableFuture<Void> written = lane.handleAsync((previous, failed) -> write(event), scheduler)
                    .thenCompose(writing -> writing);
            lane = written.handle((done, failed) -> null);
            return written;
        }

        private CompletableFuture<Void> write(OutboundSseEvent event) {
            if (closed || sink.isClosed()) {
                return CompletableFuture.failedFuture(new IllegalStateException("the stream is closed"));
            }
            try {
                return sink.send(event).toCompletableFuture().<Void>thenApply(done -> null)
                        .orTimeout(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (RuntimeException gone) {
                return CompletableFuture.failedFuture(gone);
            }
        }

        /** The confirmation of {@code change}, expected from now on. */
        CompletableFuture<Void> expect(String change) {
            CompletableFuture<Void> confirmed = new CompletableFuture<>();
            unconfirmed.put(change, confirmed);
            return confirmed.whenComplete((done, failed) -> unconfirmed.remove(change));
        }

        boolean coveredBy(Invalidation what) {
            return switch (what.scope()) {
                case KEY -> what.id().equals(credential);
                case USER -> what.id().equals(userId);
                case ORGANIZATION -> what.id().equals(organizationId);
                case ALL -> false;
            };
        }

        /** Closes the stream, then lets go of whatever waits for its confirmations: its client will not send them. */
        void close() {
            closed = true;
            try {
                sink.close();
            } catch (RuntimeException alreadyGone) {
                // The client went away first: nothing left to close.
            }
            unconfirmed.values().forEach(waiting -> waiting.complete(null));
        }
    }

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Resource
    ContextService contexts;

    /** Runs a task in the application's context (its persistence unit), captured at start-up on a thread that has it. */
    private Executor inApplication;

    @PersistenceContext(unitName = "latchkey")
    EntityManager em;

    @Inject
    Members members;

    private final Map<String, Stream> streams = new ConcurrentHashMap<>();
    private volatile Sse sse;
    private ScheduledFuture<?> ticks;
    private long tick;

    /** Made at start-up, not on a first change: that may come on the grid's thread, which has no application context. */
    void atStartup(@Observes Startup startup) {
        // the observer's call creates the bean
    }

    @PostConstruct
    void start() {
        inApplication = contexts.currentContextExecutor();
        ticks = scheduler.scheduleWithFixedDelay(this::tick, TICK.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        ticks.cancel(false);
        streams.values().forEach(Stream::close);
        streams.clear();
    }

    /**
     * Registers the stream and tells the client so. Over the bounds, 429 {@code too_many_streams}; without the lease,
     * 503 {@code change_stream_unavailable}; either way nothing opens.
     */
    public void open(Caller caller, SseEventSink sink, Sse sse) {
        if (!members.usingMemory()) {
            throw new ProblemException(503, "change_stream_unavailable", "Service unavailable", "This instance does not"
                    + " hear of every change now; verify each key until a stream can be opened", List.of(),
                    Map.of("Retry-After", "5"));
        }
        this.sse = sse;
        Stream stream = new Stream(caller, sink);
        synchronized (streams) {
            streams.values().removeIf(open -> open.sink.isClosed());
            long mine = streams.values().stream().filter(open -> open.credential.equals(stream.credential)).count();
            long ours = streams.values().stream().filter(open -> open.organizationId.equals(stream.organizationId)).count();
            if (mine >= STREAMS_PER_CREDENTIAL || ours >= STREAMS_PER_ORGANIZATION || streams.size() >= STREAMS) {
                throw new ProblemException(429, "too_many_streams", "Too many requests", "Too many change streams are open"
                        + " (" + STREAMS_PER_CREDENTIAL + " per credential, " + STREAMS_PER_ORGANIZATION + " per organization, "
                        + STREAMS + " in all, on each instance); close one first", List.of(), Map.of("Retry-After", "10"));
            }
            streams.put(stream.id, stream);
        }
        // written here, on the request's thread, as RESTEasy (WildFly, Open Liberty) needs the first event; changes
        // queued meanwhile wait for it (opened)
        try {
            sink.send(event(sse, "ready", new Ready(stream.id))).toCompletableFuture()
                    .get(SEND_TIMEOUT.toMillis() * 2, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            drop(stream);
        } catch (ExecutionException | TimeoutException | RuntimeException gone) {
            drop(stream);
        } finally {
            stream.opened.complete(null);
        }
    }

    /** A client's confirmation that it took a change: settled here when the stream is here, else told to the others. */
    public void acknowledge(Caller caller, String stream, String change) {
        StreamAcknowledged ack = new StreamAcknowledged(stream, change, credentialOf(caller));
        if (streams.containsKey(stream)) {
            confirmed(ack);
        } else {
            members.streamAcknowledged(ack);
        }
    }

    /** A confirmation from another instance, or from here: counts when the stream is here and it is the stream's own credential's. */
    void confirmed(@Observes StreamAcknowledged ack) {
        Stream stream = streams.get(ack.stream());
        if (stream != null && stream.credential.equals(ack.credential())) {
            CompletableFuture<Void> waiting = stream.unconfirmed.get(ack.change());
            if (waiting != null) {
                waiting.complete(null);
            }
        }
    }

    /** Holds the change until its streams confirm it; the sending is left to a scheduler thread. */
    void changed(@Observes @Priority(Interceptor.Priority.APPLICATION + 900) Invalidated invalidated) {
        Sse events = sse;
        if (events == null || streams.isEmpty()) {
            return;
        }
        CompletableFuture<Void> delivered = new CompletableFuture<>();
        invalidated.holdUntil(delivered);
        try {
            scheduler.execute(() -> {
                try {
                    inApplication.execute(() -> deliver(events, invalidated.what())
                            .whenComplete((done, failed) -> delivered.complete(null)));
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "Could not send a change to the change streams", e);
                    delivered.complete(null);
                }
            });
        } catch (RuntimeException rejected) {
            LOG.log(Level.WARNING, "Could not send a change to the change streams", rejected);
            delivered.complete(null);
        }
    }

    /** Sends the change to the streams it concerns; completes when each confirmed, was closed, or timed out. */
    private CompletableFuture<Void> deliver(Sse events, Invalidation what) {
        Optional<String> organization = organizationOf(what);
        boolean placed = organization.isPresent() || what.scope() == Invalidation.Scope.ALL;
        Change change = organization.isPresent()
                ? new Change(what.scope().name().toLowerCase(Locale.ROOT), what.id(), what.change())
                : new Change("all", null, what.change());
        OutboundSseEvent event = event(events, "changed", change);
        List<CompletableFuture<Void>> confirmations = new ArrayList<>();
        for (Stream stream : streams.values()) {
            if (organization.isPresent() && !organization.get().equals(stream.organizationId)) {
                continue;
            }
            CompletableFuture<Void> confirmed = stream.expect(what.change());
            stream.send(event).whenComplete((sent, failed) -> {
                if (failed != null) {
                    drop(stream);
                }
            });
            confirmations.add(confirmed.orTimeout(ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).handle((done, late) -> {
                if (late != null) {
                    LOG.warning("A change stream's client did not confirm a change within " + ACK_TIMEOUT + "; closed its stream");
                    drop(stream);
                } else if (stream.coveredBy(what)) {
                    drop(stream);
                }
                return null;
            }));
        }
        // a change no organization can be found for any more only makes clients forget: nobody's call waits for it
        return placed ? CompletableFuture.allOf(confirmations.toArray(CompletableFuture[]::new))
                : CompletableFuture.completedFuture(null);
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
        try {
            return em.createQuery(query, String.class).setParameter("id", what.id()).getResultStream().findFirst();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Could not tell whose a change is; every change stream forgets everything", e);
            return Optional.empty();
        }
    }

    private void tick() {
        if (streams.isEmpty()) {
            return;
        }
        if (!members.usingMemory()) {
            LOG.warning("This instance lost its lease: closing its " + streams.size() + " change streams");
            new ArrayList<>(streams.values()).forEach(this::drop);
            return;
        }
        if (++tick % (HEARTBEAT.toMillis() / TICK.toMillis()) != 0) {
            return;
        }
        Sse events = sse;
        streams.values().removeIf(stream -> stream.sink.isClosed());
        if (events == null) {
            return;
        }
        OutboundSseEvent beat = events.newEventBuilder().name("heartbeat").data("heartbeat").build();
        for (Stream stream : streams.values()) {
            stream.send(beat).whenComplete((done, failed) -> {
                if (failed != null) {
                    drop(stream);
                }
            });
        }
    }

    /**
     * An event whose data is JSON, written by JSON-B here: the sends run on scheduler threads, where RESTEasy (WildFly,
     * Open Liberty) finds no message body writer for an object, while a string is written on any thread.
     */
    private static OutboundSseEvent event(Sse sse, String name, Object data) {
        return sse.newEventBuilder().name(name).mediaType(MediaType.APPLICATION_JSON_TYPE).data(String.class, JSON.toJson(data)).build();
    }

    private void drop(Stream stream) {
        streams.remove(stream.id);
        stream.close();
    }

    private static String credentialOf(Caller caller) {
        return caller.keyId() != null ? caller.keyId() : caller.userId();
    }
}
