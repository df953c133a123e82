package io.latchkey.grid;

import static io.latchkey.platform.UtcColumns.column;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.latchkey.platform.Batches;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The instances that may answer key checks from memory, and the protocol that keeps every one of them
 * current. The database is the referee; the grid only carries messages.
 *
 * <ul>
 * <li>An instance may use its memory only while it holds a {@link Lease}: its row in
 * {@code key_cache_members} exists and it renewed it less than a lease ago (by its own monotonic clock,
 * counted from before the renewal). Renewal is {@code update ... where member_id = ?}; no row, no lease.</li>
 * <li>A change (after its transaction committed) is dropped here, then sent over the grid to every
 * other registered member, and each must acknowledge it within {@code latchkey.key-cache.ack-timeout}.
 * A member that does not (cut off, stalled, dead) has its row deleted — it is fenced — and the changer
 * waits one full lease before it returns: by then the fenced member's lease has run out, and its next
 * renewal finds no row, so it reads the database. A registration that the database's clock says was not
 * renewed for a whole lease is removed first, without waiting: its instance (killed, not shut down) can
 * no longer hold a lease.</li>
 * <li>A fenced member joins again (new row, memory emptied, then the lease) only when it sees every
 * registered member in its grid; until then every check reads the database. A registered member that
 * stops seeing one of the others also stops using its memory at once (it may be on the wrong side of a
 * partition).</li>
 * </ul>
 * So no instance answers from memory what a change that has returned has made untrue. Modes: {@code GRID}
 * (Payara's data grid found), {@code SINGLE_INSTANCE} (no grid, and the deployment says
 * {@code latchkey.single-instance=true}: any other registered instance is fenced at each change), and
 * {@code DATABASE} (no grid and not declared single, or {@code latchkey.key-cache.enabled=false}): no
 * memory; changes made here still fence whoever is registered.
 */
@Singleton
@Startup
@DependsOn("SchemaMigration")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class Members {

    public enum Mode {
        GRID, SINGLE_INSTANCE, DATABASE
    }

    private static final Logger LOG = Logger.getLogger(Members.class.getName());
    static final String TOPIC = "latchkey-key-invalidations";
    /**
     * How far back each renewal looks for changes it should have received; a held lease renews far more often.
     * Long, because a change is stamped when its transaction starts (the database's current_timestamp).
     */
    private static final Duration CHANGES_CHECKED = Duration.ofMinutes(8);
    /** Every how many recorded changes an instance prunes the older ones (the table grows only by records). */
    private static final int PRUNE_EVERY_RECORDS = 200;
    /** How long a recorded change is kept at least (pruned by the instance recording every 200th change). */
    private static final Duration CHANGES_KEPT = Duration.ofMinutes(10);
    /** The database's clock in milliseconds since the epoch (H2 and PostgreSQL alike). */
    private static final String DATABASE_NOW_MS = "cast(extract(epoch from current_timestamp) * 1000 as bigint)";

    /** Another registered instance: its id in the grid (null without one) and when it last renewed (its clock). */
    public record Member(String gridMember, Instant renewedAt) {
    }

    /** Acknowledgements still awaited for one invalidation. */
    private static final class Pending {
        final Set<String> expected;
        final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        final CountDownLatch all = new CountDownLatch(1);

        Pending(Set<String> expected) {
            this.expected = expected;
        }

        void acknowledge(String member) {
            if (expected.contains(member) && acknowledged.add(member) && acknowledged.containsAll(expected)) {
                all.countDown();
            }
        }
    }

    private final String memberId = UUID.randomUUID().toString();
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    /** The changes this instance has dropped from its memory (its own, and those received), by change id. */
    private final Cache<String, Boolean> received = Caffeine.newBuilder().expireAfterWrite(CHANGES_KEPT.multipliedBy(3).dividedBy(2))
            .maximumSize(1_000_000).build();
    /** The changes recorded when this instance last emptied its memory: none of them can be in it. */
    private volatile Set<String> covered = Set.of();
    /** The recorded changes that the last renewal found neither received nor covered (renewal thread only). */
    private Set<String> missedOnce = Set.of();
    private final AtomicInteger records = new AtomicInteger();
    /** The instances this one has fenced since it started. */
    private final java.util.concurrent.atomic.LongAdder fenced = new java.util.concurrent.atomic.LongAdder();
    private volatile GridTransport grid;
    private volatile Mode mode = Mode.DATABASE;
    private volatile boolean joined;
    private volatile boolean renewalFailing;
    private final AtomicBoolean renewing = new AtomicBoolean();

    @PersistenceContext(unitName = "latchkey")
    EntityManager em;

    @Resource
    TimerService timers;

    @Resource
    SessionContext context;

    @Inject
    Lease lease;

    @Inject
    GridSecret secret;

    @Inject
    Event<Invalidated> local;

    @Inject
    Event<StreamAcknowledged> streamAcks;

    @Inject
    Clock clock;

    @Inject
    @ConfigProperty(name = "latchkey.key-cache.enabled", defaultValue = "true")
    boolean enabled;

    @Inject
    @ConfigProperty(name = "latchkey.single-instance", defaultValue = "false")
    boolean singleInstance;

    @Inject
    @ConfigProperty(name = "latchkey.key-cache.lease", defaultValue = "PT6S")
    Duration leaseLength;

    @Inject
    @ConfigProperty(name = "latchkey.key-cache.ack-timeout", defaultValue = "PT2S")
    Duration ackTimeout;

    @Inject
    @ConfigProperty(name = "latchkey.grid.jndi-name", defaultValue = "payara/Hazelcast")
    String gridJndiName;

    @PostConstruct
    void start() {
        grid = openGrid();
        List<String> joins = grid != null ? grid.joins() : List.of();
        boolean untrusted = grid != null && !trusted(joins);
        if (untrusted) {
            LOG.severe("The data grid joins other instances (" + String.join(", ", joins) + ") but"
                    + " LATCHKEY_GRID_SECRET (latchkey.grid.secret, " + GridSecret.MINIMUM_LENGTH + "+ characters, the"
                    + " same on every instance) is not set: anyone who reaches the grid could pass for an instance, so"
                    + " key checks read the database on every request and console sessions hold only on the instance"
                    + " that started them until it is set");
            grid.close();
            grid = null;
        }
        if (enabled) {
            mode = grid != null ? Mode.GRID : singleInstance && !untrusted ? Mode.SINGLE_INSTANCE : Mode.DATABASE;
        }
        LOG.info(() -> "Key checks: " + switch (mode) {
            case GRID -> "answered from memory, kept current over the data grid (member " + memberId + "; "
                    + (joins.isEmpty() ? "the grid joins no other instance"
                    : "the grid joins by " + String.join(", ", joins) + "; messages sealed with the grid secret") + ")";
            case SINGLE_INSTANCE -> "answered from memory (latchkey.single-instance=true; member " + memberId + ")";
            case DATABASE -> "read from the database on every request (" + (untrusted ? "no grid secret"
                    : "no cluster transport found and latchkey.single-instance is not true") + ")";
        });
        if (mode != Mode.DATABASE) {
            timers.createSingleActionTimer(1, new TimerConfig("key-cache-join", false));
            Batches.every(timers, leaseLength.dividedBy(3), "key-cache-lease");
        }
    }

    public Mode mode() {
        return mode;
    }

    public String memberId() {
        return memberId;
    }

    /**
     * The data grid's shared counter of this name, when this instance is in a trusted grid ({@code GRID} mode);
     * empty otherwise (counting is then this instance's own).
     */
    public java.util.Optional<SharedCounter> sharedCounter(String name) {
        GridTransport transport = grid;
        return mode == Mode.GRID && transport != null ? java.util.Optional.of(transport.counter(name))
                : java.util.Optional.empty();
    }

    /** The members of the data grid this instance sees (itself included); 1 without a grid. */
    public int gridMembers() {
        GridTransport transport = grid;
        try {
            return transport != null && transport.running() ? transport.members().size() : 1;
        } catch (RuntimeException gridGone) {
            return 1;
        }
    }

    /** How many instances this one has fenced since it started. */
    public long fencedInstances() {
        return fenced.sum();
    }

    /** Whether this instance holds the lease now (answers key checks from memory). */
    public boolean usingMemory() {
        return lease.held();
    }

    /**
     * One renewal at a time: with bean-managed concurrency the join timer and the lease timer may fire
     * together (WildFly fires every timer that came due while the deployment was starting at once), and
     * two renewals would both try to register this member. A renewal that finds another running skips.
     */
    @Timeout
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    void renew() {
        if (!renewing.compareAndSet(false, true)) {
            return;
        }
        try {
            renewOnce();
        } finally {
            renewing.set(false);
        }
    }

    private void renewOnce() {
        long started = System.nanoTime();
        Members self = context.getBusinessObject(Members.class);
        try {
            if (mode == Mode.GRID && !gridRunning()) {
                stepDown("the data grid is not running on this instance");
                return;
            }
            if (mode == Mode.GRID && !trusted(grid.joins())) {
                stepDown("the data grid joins other instances, and LATCHKEY_GRID_SECRET is not set");
                return;
            }
            String gridMember = mode == Mode.GRID ? grid.localMember() : null;
            if (self.extend(memberId, gridMember)) {
                if (mode == Mode.GRID && !seesEveryone(self.others(memberId))) {
                    stepDown("another registered instance is not in this instance's data grid");
                    return;
                }
                if (!caughtUp(self)) {
                    return;
                }
                grantFrom(started, self);
                renewalFailing = false;
                return;
            }
            if (joined) {
                LOG.warning("This instance was fenced (it missed an invalidation, or was cut off): key checks read"
                        + " the database until it has joined again");
            }
            stepDown(null);
            fenceLapsed(self);
            Map<String, Member> others = self.others(memberId);
            if (mode == Mode.GRID && !seesEveryone(others)) {
                return;
            }
            if (mode == Mode.SINGLE_INSTANCE && !others.isEmpty()) {
                LOG.warning("latchkey.single-instance is true, but other instances use this database too: "
                        + others.keySet() + "; each change will wait for their leases to run out");
            }
            self.join(memberId, gridMember, host());
            joined = true;
            grantFrom(started, self);
            renewalFailing = false;
            LOG.info(() -> "Joined the instances that answer key checks from memory (" + mode + ")");
        } catch (RuntimeException e) {
            stepDown(null);
            LOG.log(renewalFailing ? Level.FINE : Level.WARNING,
                    "Could not renew this instance's key-cache lease; key checks read the database until it can", e);
            renewalFailing = true;
        }
    }

    /**
     * Empties memory first when coming back, so that nothing from before the gap is used: every change
     * recorded until then is covered (read before emptying, so that none made meanwhile is taken for one).
     */
    private void grantFrom(long renewalStarted, Members self) {
        if (!lease.held()) {
            covered = self.recentChanges(CHANGES_CHECKED.toMillis());
            missedOnce = Set.of();
            local.fire(new Invalidated(Invalidation.everything()));
        }
        lease.grant(renewalStarted, leaseLength.toNanos() * 5 / 6);
    }

    /**
     * Whether every change recorded lately reached this instance (or came before its memory was last
     * emptied). One that has not may still be on its way: this renewal then does not extend the lease. One
     * that has still not arrived at the next renewal never will (its changer could not reach or fence this
     * instance): the lease is dropped, and {@link #grantFrom} empties the memory before taking it again.
     */
    private boolean caughtUp(Members self) {
        Set<String> missing = new HashSet<>(self.recentChanges(CHANGES_CHECKED.toMillis()));
        missing.removeAll(covered);
        missing.removeIf(change -> received.getIfPresent(change) != null);
        if (missing.isEmpty()) {
            missedOnce = Set.of();
            return true;
        }
        if (missing.stream().noneMatch(missedOnce::contains)) {
            missedOnce = missing;
            return false;
        }
        LOG.warning("This instance never received " + missing.size() + " change(s) made on other instances (the data"
                + " grid lost them, and their instance could not fence this one): emptying its memory");
        lease.drop();
        return true;
    }

    /** Whether the grid may carry this instance's messages: it joins no one else, or its members share the secret. */
    private boolean trusted(List<String> joins) {
        return secret.shared() || joins.isEmpty();
    }

    private GridTransport openGrid() {
        return Grids.open(gridJndiName, TOPIC, secret.opening(this::receive)).orElse(null);
    }

    private void stepDown(String why) {
        if (lease.held() && why != null) {
            LOG.warning("Key checks read the database until this instance has resynchronised: " + why);
        }
        lease.drop();
    }

    private boolean gridRunning() {
        if (grid != null && grid.running()) {
            return true;
        }
        if (grid != null) {
            grid.close();
        }
        grid = openGrid();
        return grid != null;
    }

    /**
     * Whether this instance sees, in its grid, every other instance that renewed recently. A row that has
     * not been renewed for ten leases is a dead instance's, left behind by a kill: it does not keep this
     * instance from its memory (the next change fences it, as it fences anyone who does not answer).
     */
    private boolean seesEveryone(Map<String, Member> others) {
        Set<String> visible = grid.members();
        Instant recent = clock.instant().minus(leaseLength.multipliedBy(10));
        return others.values().stream().filter(member -> member.renewedAt().isAfter(recent))
                .allMatch(member -> visible.contains(member.gridMember()));
    }

    /**
     * Makes {@code change} true on every instance: dropped here, acknowledged by every registered member,
     * or that member fenced and its lease waited out. Called after the change committed.
     */
    public void everywhere(Invalidation change) {
        Invalidated here = new Invalidated(change);
        local.fire(here);
        try {
            reachOthers(change);
        } finally {
            awaitSettled(here);
        }
    }

    /** Waits for what this instance's observers hold the change for (a change stream's clients), within its limit. */
    private static void awaitSettled(Invalidated change) {
        try {
            change.settled().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException e) {
            LOG.log(Level.WARNING, "A hold on an invalidation failed", e.getCause());
        }
    }

    private void reachOthers(Invalidation change) {
        Members self = context.getBusinessObject(Members.class);
        Map<String, Member> others;
        try {
            fenceLapsed(self);
            others = self.others(memberId);
        } catch (RuntimeException e) {
            // Cannot tell who to wait for: tell whoever listens, then wait out every lease. An instance the
            // message does not reach finds the recorded change missing within that lease (caughtUp).
            LOG.log(Level.SEVERE, "Could not read the registered instances after a change; waiting one lease", e);
            broadcast(change, Set.of());
            pause(leaseLength);
            return;
        }
        if (others.isEmpty()) {
            return;
        }
        Set<String> missing = new HashSet<>(others.keySet());
        missing.removeAll(broadcast(change, others.keySet()));
        if (missing.isEmpty()) {
            return;
        }
        try {
            self.fence(missing);
            LOG.warning("Instances " + missing + " did not confirm an invalidation within " + ackTimeout
                    + "; fenced them, waiting " + leaseLength + " for their leases to run out");
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "Instances " + missing + " did not confirm an invalidation within " + ackTimeout
                    + " and could not be fenced; waiting one lease, within which they find the change missing", e);
        }
        pause(leaseLength);
    }

    /**
     * Records the change in the transaction that makes it (a change that rolls back leaves no record), and
     * counts it as received here: this instance drops it from its memory itself once it has committed.
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public void record(Invalidation change) {
        received.put(change.change(), Boolean.TRUE);
        em.createNativeQuery("insert into key_cache_changes (change_id, recorded_db_ms) values (?1, " + DATABASE_NOW_MS + ")")
                .setParameter(1, change.change())
                .executeUpdate();
        if (records.incrementAndGet() % PRUNE_EVERY_RECORDS == 0) {
            try {
                context.getBusinessObject(Members.class).pruneChanges(CHANGES_KEPT.toMillis());
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "Could not prune recorded key-cache changes", e);
            }
        }
    }

    /** The changes recorded in the last {@code millis} by the database's clock. */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public Set<String> recentChanges(long millis) {
        @SuppressWarnings("unchecked")
        List<String> ids = em.createNativeQuery("select change_id from key_cache_changes where recorded_db_ms > "
                        + DATABASE_NOW_MS + " - ?1")
                .setParameter(1, millis)
                .getResultList();
        return Set.copyOf(ids);
    }

    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void pruneChanges(long olderThanMillis) {
        em.createNativeQuery("delete from key_cache_changes where recorded_db_ms < " + DATABASE_NOW_MS + " - ?1")
                .setParameter(1, olderThanMillis)
                .executeUpdate();
    }

    private void fenceLapsed(Members self) {
        int lapsed = self.removeLapsed(memberId, leaseLength.toMillis());
        if (lapsed > 0) {
            LOG.info(() -> "Removed " + lapsed + " key-cache registration(s) not renewed for a whole lease (instances"
                    + " that stopped without leaving)");
        }
    }

    /** Sends the invalidation and returns who acknowledged it within the timeout. */
    private Set<String> broadcast(Invalidation change, Set<String> expected) {
        GridTransport transport = grid;
        if (transport == null || !transport.running()) {
            return Set.of();
        }
        String request = UUID.randomUUID().toString();
        Pending waiting = new Pending(Set.copyOf(expected));
        pending.put(request, waiting);
        try {
            transport.publish(secret.sealed("inv " + request + " " + memberId + " " + change.wire()));
            if (!expected.isEmpty()) {
                waiting.all.await(ackTimeout.toMillis(), TimeUnit.MILLISECONDS);
            }
            return Set.copyOf(waiting.acknowledged);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Set.copyOf(waiting.acknowledged);
        } catch (RuntimeException gridFailed) {
            LOG.log(Level.WARNING, "Could not send an invalidation over the data grid", gridFailed);
            return Set.copyOf(waiting.acknowledged);
        } finally {
            pending.remove(request);
        }
    }

    /**
     * A change stream's client confirmed a change ({@link StreamAcknowledged}): told here at once and to every other
     * instance, since the stream may be held open on another one than the confirmation reached.
     */
    public void streamAcknowledged(StreamAcknowledged ack) {
        streamAcks.fire(ack);
        GridTransport transport = grid;
        if (transport != null) {
            transport.publish(secret.sealed("sack " + ack.stream() + " " + ack.change() + " " + ack.credential() + " " + memberId));
        }
    }

    /**
     * A message from the grid, opened by {@link GridSecret} (only sealed ones get here):
     * {@code inv <request> <origin> <change> <scope> <id>}, {@code ack <request> <member>} or
     * {@code sack <stream> <change> <credential> <origin>}.
     */
    private void receive(String message) {
        String[] parts = message.split(" ", 6);
        if (parts.length == 6 && parts[0].equals("inv") && !parts[2].equals(memberId)) {
            Invalidated there = new Invalidated(Invalidation.fromWire(parts[3], parts[4], parts[5]).orElse(Invalidation.everything()));
            local.fire(there);
            received.put(parts[3], Boolean.TRUE);
            // confirmed once what observers hold it for is done; not waited for here, on the grid's thread,
            // which also carries the stream acknowledgements that complete those holds
            there.settled().thenRun(() -> {
                GridTransport transport = grid;
                if (transport != null) {
                    transport.publish(secret.sealed("ack " + parts[1] + " " + memberId));
                }
            });
        } else if (parts.length == 5 && parts[0].equals("sack") && !parts[4].equals(memberId)) {
            streamAcks.fire(new StreamAcknowledged(parts[1], parts[2], parts[3]));
        } else if (parts.length == 3 && parts[0].equals("ack")) {
            Pending waiting = pending.get(parts[1]);
            if (waiting != null) {
                waiting.acknowledge(parts[2]);
            }
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public boolean extend(String member, String gridMember) {
        return em.createNativeQuery("update key_cache_members set renewed_at = ?1, grid_member = ?2, renewed_db_ms = "
                        + DATABASE_NOW_MS + " where member_id = ?3")
                .setParameter(1, column(clock.instant()))
                .setParameter(2, gridMember)
                .setParameter(3, member)
                .executeUpdate() == 1;
    }

    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void join(String member, String gridMember, String host) {
        var now = column(clock.instant());
        em.createNativeQuery("insert into key_cache_members (member_id, grid_member, host, registered_at, renewed_at,"
                        + " renewed_db_ms) values (?1, ?2, ?3, ?4, ?5, " + DATABASE_NOW_MS + ")")
                .setParameter(1, member)
                .setParameter(2, gridMember)
                .setParameter(3, host)
                .setParameter(4, now)
                .setParameter(5, now)
                .executeUpdate();
    }

    /** Every other registered instance, by member id. */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public Map<String, Member> others(String member) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select member_id, grid_member, renewed_at from key_cache_members"
                        + " where member_id <> ?1")
                .setParameter(1, member)
                .getResultList();
        Map<String, Member> others = new HashMap<>();
        rows.forEach(row -> others.put((String) row[0], new Member((String) row[1], instant(row[2]))));
        return others;
    }

    private static Instant instant(Object column) {
        if (column instanceof java.sql.Timestamp timestamp) {
            return timestamp.toLocalDateTime().toInstant(ZoneOffset.UTC);
        }
        return column instanceof LocalDateTime local ? local.toInstant(ZoneOffset.UTC) : Instant.EPOCH;
    }

    /**
     * Deletes the other registrations not renewed for a whole lease by the database's clock, which stamps
     * every renewal: a lease runs 5/6 of its length from before its renewal began, so such a member cannot
     * be answering from memory, and its next renewal finds no row. The age is checked in the delete itself,
     * so a member that renews meanwhile keeps its row (and is waited for like any other).
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public int removeLapsed(String member, long leaseMillis) {
        return em.createNativeQuery("delete from key_cache_members where member_id <> ?1 and renewed_db_ms < "
                        + DATABASE_NOW_MS + " - ?2")
                .setParameter(1, member)
                .setParameter(2, leaseMillis)
                .executeUpdate();
    }

    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void fence(Set<String> members) {
        fenced.add(members.size());
        members.forEach(member -> em.createNativeQuery("delete from key_cache_members where member_id = ?1")
                .setParameter(1, member)
                .executeUpdate());
    }

    /**
     * Removes this instance's registration, in this callback's own transaction: a business call to this
     * bean while the container destroys it is refused on some servers (WildFly), and then every change
     * after a redeployment would wait for the registration left behind. Where the server has closed the
     * data source first, {@link #removeLapsed} clears the row one lease later.
     */
    @PreDestroy
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    void leave() {
        lease.drop();
        if (grid != null) {
            grid.close();
        }
        if (mode != Mode.DATABASE) {
            try {
                em.createNativeQuery("delete from key_cache_members where member_id = ?1")
                        .setParameter(1, memberId)
                        .executeUpdate();
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "Could not remove this instance's key-cache registration at shutdown", e);
            }
        }
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }
}
