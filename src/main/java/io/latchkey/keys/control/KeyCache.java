package io.latchkey.keys.control;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.latchkey.grid.Invalidated;
import io.latchkey.grid.Invalidation;
import io.latchkey.grid.Lease;
import jakarta.enterprise.event.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Predicate;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Stored keys by digest, in memory, while this instance holds its {@link Lease} (otherwise every lookup
 * reads the database). Bounded ({@code latchkey.key-cache.max-entries}) and aged out
 * ({@code latchkey.key-cache.max-age}); digests that match no key are remembered apart, so a flood of
 * random well-formed keys cannot push real ones out. Changes arrive as {@link Invalidated} events.
 *
 * <p>A lookup that raced with an invalidation never leaves what it read behind: the generation counter
 * moves before entries are dropped, and a load puts its result first and then takes it out again if the
 * generation moved meanwhile.
 */
@ApplicationScoped
public class KeyCache {

    /** Reads its configuration at start-up (see {@link io.latchkey.platform}). */
    void atStartup(@Observes Startup startup) {
    }

    /** Lookups answered from memory, read from the database on a miss, and read from it without a lease. */
    public record Stats(long hits, long misses, long withoutLease, long entries) {
    }

    private final AtomicLong generation = new AtomicLong();
    private final java.util.concurrent.atomic.LongAdder hits = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder misses = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder withoutLease = new java.util.concurrent.atomic.LongAdder();
    private Cache<String, KeySnapshot> known;
    private Cache<String, Boolean> unknown;

    @Inject
    Lease lease;

    @Inject
    @ConfigProperty(name = "latchkey.key-cache.max-entries", defaultValue = "200000")
    long maxEntries;

    @Inject
    @ConfigProperty(name = "latchkey.key-cache.max-age", defaultValue = "PT15M")
    Duration maxAge;

    @PostConstruct
    void build() {
        known = Caffeine.newBuilder().maximumSize(maxEntries).expireAfterWrite(maxAge).build();
        unknown = Caffeine.newBuilder().maximumSize(Math.max(1, maxEntries / 4)).expireAfterWrite(maxAge).build();
    }

    /** The key with this digest: from memory when allowed, else (and on a miss) from {@code database}. */
    Optional<KeySnapshot> find(String digest, Function<String, Optional<KeySnapshot>> database) {
        if (!lease.held()) {
            withoutLease.increment();
            return database.apply(digest);
        }
        KeySnapshot hit = known.getIfPresent(digest);
        if (hit != null) {
            hits.increment();
            return Optional.of(hit);
        }
        if (unknown.getIfPresent(digest) != null) {
            hits.increment();
            return Optional.empty();
        }
        misses.increment();
        long before = generation.get();
        Optional<KeySnapshot> loaded = database.apply(digest);
        if (loaded.isPresent()) {
            known.put(digest, loaded.get());
        } else {
            unknown.put(digest, Boolean.TRUE);
        }
        if (generation.get() != before) {
            known.invalidate(digest);
            unknown.invalidate(digest);
        }
        return loaded;
    }

    void drop(@Observes Invalidated invalidated) {
        generation.incrementAndGet();
        Invalidation what = invalidated.what();
        Predicate<KeySnapshot> covered = switch (what.scope()) {
            case KEY -> key -> key.keyId().equals(what.id());
            case USER -> key -> key.ownerId().equals(what.id());
            case ORGANIZATION -> key -> key.organizationId().equals(what.id());
            case ALL -> key -> true;
        };
        if (what.scope() == Invalidation.Scope.ALL) {
            known.invalidateAll();
            unknown.invalidateAll();
        } else {
            known.asMap().values().removeIf(covered);
        }
    }

    long size() {
        return known.estimatedSize();
    }

    /** Counts since start, and the keys held now (of the unknown digests remembered, none). */
    public Stats stats() {
        return new Stats(hits.sum(), misses.sum(), withoutLease.sum(), known.estimatedSize());
    }
}
