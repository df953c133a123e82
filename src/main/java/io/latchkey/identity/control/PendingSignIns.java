package io.latchkey.identity.control;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.latchkey.identity.entity.PendingSignIn;
import io.latchkey.platform.ClientBuckets;
import io.latchkey.platform.Refusal;
import io.latchkey.platform.Sha256;
import io.latchkey.platform.UtcColumns;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sign-ins through the provider between leaving for it and coming back, in the database so that any
 * instance of a cluster can finish what another started. Each lives {@link #LIFETIME} and is used once.
 * A client (counted as the throttle counts it: an IPv6 client by its /64, {@link ClientBuckets}) may have
 * {@link #MAX_PER_CLIENT} under way on each instance, counted in memory before anything is written (the count
 * drops as they come back, and is forgotten a lifetime after the client's first), and as many waiting across
 * the cluster (a person needs a few; a flood from one client is refused with
 * {@code sign_ins_busy} and blocks no one else). At most {@link #MAX_PENDING} wait in all, so a flood fills no
 * disk; past that the oldest gives way rather than every client being refused, so that no flood, from however
 * many addresses, refuses sign-in to everyone.
 */
@ApplicationScoped
public class PendingSignIns {

    public static final Duration LIFETIME = Duration.ofMinutes(10);
    static final long MAX_PENDING = 100_000;
    static final long MAX_PER_CLIENT = 30;

    @PersistenceContext(unitName = "latchkey")
    EntityManager em;

    /** Sign-ins each client started on this instance in the current lifetime-long window. */
    private final Cache<String, AtomicInteger> startsByClient = Caffeine.newBuilder()
            .maximumSize(200_000).expireAfterWrite(LIFETIME).build();

    /** Keeps a started sign-in; drops the expired ones first. */
    public void add(String state, String browserSecret, String clientAddress, OidcProvider.Authorization authorization,
                   String redirectUri, Instant now) {
        String client = String.valueOf(ClientBuckets.of(clientAddress));
        if (startsByClient.get(client, c -> new AtomicInteger()).incrementAndGet() > MAX_PER_CLIENT) {
            throw busy();
        }
        em.createNamedQuery(PendingSignIn.DELETE_OLDER).setParameter("before", UtcColumns.column(now.minus(LIFETIME)))
                .executeUpdate();
        if (em.createNamedQuery(PendingSignIn.COUNT_FROM, Long.class).setParameter("client", client)
                .getSingleResult() >= MAX_PER_CLIENT) {
            throw busy();
        }
        if (em.createNamedQuery(PendingSignIn.COUNT, Long.class).getSingleResult() >= MAX_PENDING) {
            em.createNamedQuery(PendingSignIn.OLDEST, PendingSignIn.class).setMaxResults(1).getResultList()
                    .forEach(em::remove);
        }
        em.persist(new PendingSignIn(Sha256.hex(state), Sha256.hex(browserSecret), client, authorization.nonce(),
                authorization.codeVerifier(), redirectUri, now));
    }

    private static RuntimeException busy() {
        return Refusal.busy("sign_ins_busy", "Too many sign-ins from your address are under way; try again in a few minutes");
    }

    /**
     * The sign-in this state belongs to, removed (used once, in its own transaction, whatever happens
     * next), if it was started by this browser less than {@link #LIFETIME} ago.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Optional<PendingSignIn> take(String state, String browserSecret, Instant now) {
        if (state == null || state.isEmpty() || state.length() > 200 || browserSecret == null) {
            return Optional.empty();
        }
        PendingSignIn pending = em.find(PendingSignIn.class, Sha256.hex(state), LockModeType.PESSIMISTIC_WRITE);
        if (pending == null) {
            return Optional.empty();
        }
        em.remove(pending);
        AtomicInteger started = startsByClient.getIfPresent(pending.clientAddress());
        if (started != null) {
            started.decrementAndGet(); // a sign-in that came back waits no more: the budget is for those under way
        }
        boolean sameBrowser = MessageDigest.isEqual(pending.browserDigest().getBytes(StandardCharsets.US_ASCII),
                Sha256.hex(browserSecret).getBytes(StandardCharsets.US_ASCII));
        boolean fresh = pending.createdAt().plus(LIFETIME).isAfter(now);
        return sameBrowser && fresh ? Optional.of(pending) : Optional.empty();
    }
}
