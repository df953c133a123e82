package io.latchkey.keys.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.latchkey.accounts.entity.Role;
import io.latchkey.grid.Invalidated;
import io.latchkey.grid.Invalidation;
import io.latchkey.grid.Lease;
import io.latchkey.keys.control.KeyVerdict.Outcome;
import io.latchkey.keys.entity.AccessLevel;
import io.latchkey.keys.entity.AllowedAddresses;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class KeyCacheTest {

    private static final Instant EXPIRES = Instant.parse("2030-01-01T00:00:00Z");

    private final AtomicBoolean leaseHeld = new AtomicBoolean(true);
    private final Map<String, Integer> reads = new HashMap<>();
    private final Map<String, KeySnapshot> stored = new HashMap<>();
    private KeyCache cache;

    @BeforeEach
    void setUp() {
        cache = new KeyCache();
        cache.lease = new Lease() {
            @Override
            public boolean held() {
                return leaseHeld.get();
            }
        };
        cache.maxEntries = 1000;
        cache.maxAge = Duration.ofMinutes(15);
        cache.build();
        stored.put("d1", snapshot("k1", "u1", "o1"));
        stored.put("d2", snapshot("k2", "u1", "o1"));
        stored.put("d3", snapshot("k3", "u2", "o2"));
    }

    private static KeySnapshot snapshot(String key, String owner, String organization) {
        return new KeySnapshot(key, organization, owner, owner + "@example.com", true, Set.of(Role.TOKEN_MANAGER),
                AccessLevel.READ_WRITE, EXPIRES, null, null, AllowedAddresses.any(), Set.of(), EXPIRES.minusSeconds(86_400), 0);
    }

    private Optional<KeySnapshot> read(String digest) {
        reads.merge(digest, 1, Integer::sum);
        return Optional.ofNullable(stored.get(digest));
    }

    private Optional<KeySnapshot> find(String digest) {
        return cache.find(digest, this::read);
    }

    @Test
    void withTheLeaseAKeyIsReadOnceAndAnUnknownDigestToo() {
        for (int i = 0; i < 5; i++) {
            assertEquals("k1", find("d1").orElseThrow().keyId());
            assertTrue(find("unknown").isEmpty());
        }
        assertEquals(Map.of("d1", 1, "unknown", 1), reads);
    }

    @Test
    void withoutTheLeaseEveryCheckReadsTheDatabase() {
        leaseHeld.set(false);
        find("d1");
        find("d1");
        assertEquals(2, reads.get("d1"));
    }

    @Test
    void invalidationsDropWhatTheyCoverAndNothingElse() {
        find("d1");
        find("d2");
        find("d3");
        find("unknown");
        cache.drop(new Invalidated(Invalidation.ofKey("k1")));
        find("d1");
        find("d2");
        assertEquals(Map.of("d1", 2, "d2", 1, "d3", 1, "unknown", 1), reads);

        cache.drop(new Invalidated(Invalidation.ofUser("u1")));
        find("d1");
        find("d2");
        find("d3");
        assertEquals(Map.of("d1", 3, "d2", 2, "d3", 1, "unknown", 1), reads);

        cache.drop(new Invalidated(Invalidation.ofOrganization("o2")));
        find("d3");
        assertEquals(2, reads.get("d3"));

        cache.drop(new Invalidated(Invalidation.everything()));
        find("d1");
        find("unknown");
        assertEquals(4, reads.get("d1"));
        assertEquals(2, reads.get("unknown"), "everything includes digests that matched nothing");
    }

    @Test
    void aReadThatRacedWithAnInvalidationIsNotKept() {
        Function<String, Optional<KeySnapshot>> racing = digest -> {
            Optional<KeySnapshot> old = read(digest);
            cache.drop(new Invalidated(Invalidation.ofKey("k1"))); // the change commits while the old state is in flight
            return old;
        };
        assertEquals("k1", cache.find("d1", racing).orElseThrow().keyId());
        find("d1");
        assertEquals(2, reads.get("d1"), "the raced read was not remembered");
    }

    @Test
    void aSnapshotIsJudgedAgainstTheClockAtEveryUse() {
        KeySnapshot key = snapshot("k1", "u1", "o1");
        assertEquals(Outcome.VALID, key.verdictAt(EXPIRES.minusMillis(1), null).outcome());
        assertEquals(Outcome.EXPIRED, key.verdictAt(EXPIRES, null).outcome());
        KeySnapshot revoked = new KeySnapshot("k1", "o1", "u1", "e", true, Set.of(), AccessLevel.READ_ONLY, EXPIRES,
                EXPIRES.minusSeconds(60), null, AllowedAddresses.any(), Set.of(), EXPIRES.minusSeconds(86_400), 0);
        assertEquals(Outcome.REVOKED, revoked.verdictAt(EXPIRES.minusSeconds(1), null).outcome());
        KeySnapshot inactive = new KeySnapshot("k1", "o1", "u1", "e", false, Set.of(Role.ADMIN), AccessLevel.READ_ONLY,
                EXPIRES, null, null, AllowedAddresses.any(), Set.of(), EXPIRES.minusSeconds(86_400), 0);
        KeyVerdict refused = inactive.verdictAt(EXPIRES.minusSeconds(1), null);
        assertEquals(Outcome.OWNER_INACTIVE, refused.outcome());
        assertEquals(Set.of(), refused.ownerRoles(), "a refused key carries no roles");
    }

    @Test
    void aVerdictCarriesTheKeysScopesOnlyWhenTheKeyIsUsable() {
        KeySnapshot scoped = new KeySnapshot("k1", "o1", "u1", "e", true, Set.of(Role.TOKEN_MANAGER), AccessLevel.READ_WRITE,
                EXPIRES, null, null, AllowedAddresses.any(), Set.of("orders:read", "orders:write"), EXPIRES.minusSeconds(86_400), 0);
        KeyVerdict valid = scoped.verdictAt(EXPIRES.minusSeconds(1), null);
        assertEquals(Set.of("orders:read", "orders:write"), valid.scopes());
        assertEquals(java.util.List.of(), valid.missingScopes(java.util.List.of("orders:write")));
        assertEquals(java.util.List.of("billing:read", "orders:admin"),
                valid.missingScopes(java.util.List.of("orders:admin", "orders:read", "billing:read", "orders:admin")));
        assertEquals(Set.of(), scoped.verdictAt(EXPIRES, null).scopes(), "an expired key carries no scopes");
    }

    @Test
    void anOldSecretIsJudgedAgainstItsGraceDeadlineAtEveryUse() {
        Instant deadline = EXPIRES.minus(java.time.Duration.ofDays(1));
        KeySnapshot old = new KeySnapshot("k1", "o1", "u1", "e", true, Set.of(Role.TOKEN_MANAGER), AccessLevel.READ_ONLY,
                EXPIRES, null, deadline, AllowedAddresses.any(), Set.of(), EXPIRES.minusSeconds(86_400), 0);
        KeyVerdict during = old.verdictAt(deadline.minusMillis(1), null);
        assertEquals(Outcome.VALID, during.outcome());
        assertTrue(during.previousSecret(), "its use is counted as the old secret's");
        KeyVerdict after = old.verdictAt(deadline, null);
        assertEquals(Outcome.UNKNOWN, after.outcome(), "after the deadline the old secret is no key's");
        assertNull(after.keyId());
    }

    @Test
    void aKeyLimitedToNetworksIsRefusedElsewhereWithItsOwnCode() {
        KeySnapshot limited = new KeySnapshot("k1", "o1", "u1", "e", true, Set.of(Role.TOKEN_MANAGER), AccessLevel.READ_ONLY,
                EXPIRES, null, null, AllowedAddresses.parse(java.util.List.of("203.0.113.0/24")), Set.of(), EXPIRES.minusSeconds(86_400), 0);
        Instant now = EXPIRES.minusSeconds(60);
        assertEquals(Outcome.VALID, limited.verdictAt(now, "203.0.113.9").outcome());
        KeyVerdict elsewhere = limited.verdictAt(now, "198.51.100.9");
        assertEquals(Outcome.ADDRESS_NOT_ALLOWED, elsewhere.outcome());
        assertEquals("address_not_allowed", elsewhere.outcome().code());
        assertEquals(io.latchkey.audit.entity.EventType.ADDRESS_NOT_ALLOWED, elsewhere.refusedUseEvent());
        assertEquals(Set.of(), elsewhere.ownerRoles());
        assertEquals(Outcome.ADDRESS_NOT_ALLOWED, limited.verdictAt(now, null).outcome(), "an unknown client fails closed");
        assertEquals(Outcome.EXPIRED, limited.verdictAt(EXPIRES, "198.51.100.9").outcome(), "expiry is said first");
    }
}
