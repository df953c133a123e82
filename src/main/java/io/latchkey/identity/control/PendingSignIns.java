package io.latchkey.identity.control;

import io.latchkey.identity.entity.PendingSignIn;
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

/**
 * Sign-ins through the provider between leaving for it and coming back, in the database so that any
 * instance of a cluster can finish what another started. Each lives {@link #LIFETIME} and is used once.
 * At most {@link #MAX_PER_CLIENT} wait per client address (a person needs a few; a flood from one address
 * is refused with {@code sign_ins_busy} and blocks no one else), and {@link #MAX_PENDING} in all, so a
 * flood fills no disk.
 */
@ApplicationScoped
public class PendingSignIns {

    public static final Duration LIFETIME = Duration.ofMinutes(10);
    static final long MAX_PENDING = 100_000;
    static final long MAX_PER_CLIENT = 30;

    @PersistenceContext(unitName = "latchkey")
    EntityManager em;

    /** Keeps a started sign-in; drops the expired ones first. */
    public void add(String state, String browserSecret, String clientAddress, OidcProvider.Authorization authorization,
                   String redirectUri, Instant now) {
        em.createNamedQuery(PendingSignIn.DELETE_OLDER).setParameter("before", UtcColumns.column(now.minus(LIFETIME)))
                .executeUpdate();
        if (em.createNamedQuery(PendingSignIn.COUNT_FROM, Long.class).setParameter("client", clientAddress)
                .getSingleResult() >= MAX_PER_CLIENT
                || em.createNamedQuery(PendingSignIn.COUNT, Long.class).getSingleResult() >= MAX_PENDING) {
            throw Refusal.busy("sign_ins_busy", "Too many sign-ins are under way; try again in a few minutes");
        }
        em.persist(new PendingSignIn(Sha256.hex(state), Sha256.hex(browserSecret), clientAddress, authorization.nonce(),
                authorization.codeVerifier(), redirectUri, now));
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
        boolean sameBrowser = MessageDigest.isEqual(pending.browserDigest().getBytes(StandardCharsets.US_ASCII),
                Sha256.hex(browserSecret).getBytes(StandardCharsets.US_ASCII));
        boolean fresh = pending.createdAt().plus(LIFETIME).isAfter(now);
        return sameBrowser && fresh ? Optional.of(pending) : Optional.empty();
    }
}
