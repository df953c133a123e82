package io.latchkey.keys.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.latchkey.accounts.entity.KeyPolicy;
import io.latchkey.accounts.entity.Organization;
import io.latchkey.accounts.entity.Role;
import io.latchkey.accounts.entity.User;
import io.latchkey.keys.entity.ApiKey.SecretDigest;
import io.latchkey.platform.Refusal;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class ApiKeyTest {

    private static final Instant NOW = Instant.parse("2026-03-10T08:00:00Z");
    private final Organization organization = new Organization("Acme", new KeyPolicy(365, 180, 100), NOW);
    private final User owner = new User(organization, " Owner@Example.COM ", "Owner", EnumSet.of(Role.TOKEN_MANAGER), "hash", NOW);

    private ApiKey key(Duration lifetime) {
        return new ApiKey(owner, owner, null, "ci", AccessLevel.READ_ONLY, AllowedAddresses.any(), new SecretDigest("a".repeat(64), "abcd"),
                NOW.plus(lifetime), NOW);
    }

    @Test
    void statusFollowsRevocationAndTheClock() {
        ApiKey key = key(Duration.ofDays(30));
        assertEquals(KeyStatus.ACTIVE, key.status(NOW));
        assertEquals(KeyStatus.ACTIVE, key.status(NOW.plus(Duration.ofDays(30)).minusMillis(1)));
        assertEquals(KeyStatus.EXPIRED, key.status(NOW.plus(Duration.ofDays(30))));
        key.revoke(NOW.plusSeconds(5));
        assertEquals(KeyStatus.REVOKED, key.status(NOW.plusSeconds(6)));
        assertEquals(KeyStatus.REVOKED, key.status(NOW.plus(Duration.ofDays(40))));
    }

    @Test
    void revokingTwiceKeepsTheFirstTime() {
        ApiKey key = key(Duration.ofDays(30));
        key.revoke(NOW.plusSeconds(5));
        key.revoke(NOW.plusSeconds(50));
        assertEquals(NOW.plusSeconds(5), key.revokedAt());
    }

    @Test
    void onlyActiveKeysChange() {
        ApiKey revoked = key(Duration.ofDays(30));
        revoked.revoke(NOW);
        ApiKey expired = key(Duration.ofDays(1));
        Instant later = NOW.plus(Duration.ofDays(2));
        for (ApiKey key : new ApiKey[] {revoked, expired}) {
            Refusal edit = assertThrows(Refusal.class, () -> key.describe("x", later));
            assertEquals("key_not_active", edit.code());
            assertEquals(Refusal.Kind.CONFLICT, edit.kind());
            assertThrows(Refusal.class, () -> key.grant(AccessLevel.READ_WRITE, later));
            assertThrows(Refusal.class, () -> key.regenerate(new SecretDigest("b".repeat(64), "wxyz"), later.plusSeconds(9), Duration.ZERO, later));
        }
    }

    @Test
    void regenerationReplacesTheSecretAndRestartsTheLifetime() {
        ApiKey key = key(Duration.ofDays(30));
        Instant later = NOW.plus(Duration.ofDays(10));
        key.regenerate(new SecretDigest("b".repeat(64), "wxyz"), later.plus(Duration.ofDays(90)), Duration.ZERO, later);
        assertEquals("b".repeat(64), key.secretDigest());
        assertEquals("wxyz", key.secretLast4());
        assertEquals(later, key.issuedAt());
        assertEquals(Duration.ofDays(90), key.lifetime());
        assertEquals(NOW, key.createdAt());
    }

    @Test
    void ownersAreNormalisedAndKeysBelongToTheirOrganization() {
        assertEquals("owner@example.com", owner.email());
        assertEquals(organization.id(), key(Duration.ofDays(1)).organizationId());
        assertThrows(IllegalArgumentException.class, () -> owner.assignRoles(EnumSet.noneOf(Role.class)));
    }

    @Test
    void aGracePeriodKeepsTheOldSecretUntilItsDeadlineAndOnlyOneOldSecretLives() {
        ApiKey key = key(Duration.ofDays(30));
        Instant later = NOW.plus(Duration.ofDays(1));
        key.regenerate(new SecretDigest("b".repeat(64), "bbbb"), later.plus(Duration.ofDays(30)), Duration.ofHours(1), later);
        assertEquals("a".repeat(64), key.previousSecretDigest());
        assertEquals(later.plus(Duration.ofHours(1)), key.previousSecretExpiresAt());
        assertTrue(key.hasPreviousSecret(later.plus(Duration.ofMinutes(59))));
        assertFalse(key.hasPreviousSecret(later.plus(Duration.ofHours(1))));

        key.regenerate(new SecretDigest("c".repeat(64), "cccc"), later.plus(Duration.ofDays(30)), Duration.ofHours(2), later);
        assertEquals("b".repeat(64), key.previousSecretDigest(), "the first secret is gone, the second is the old one now");
        key.regenerate(new SecretDigest("d".repeat(64), "dddd"), later.plus(Duration.ofDays(30)), Duration.ZERO, later);
        assertNull(key.previousSecretDigest(), "a regeneration without grace ends the old secret");
        assertNull(key.previousSecretExpiresAt());
    }

    @Test
    void revokingEndsTheOldSecret() {
        ApiKey key = key(Duration.ofDays(30));
        key.regenerate(new SecretDigest("b".repeat(64), "bbbb"), NOW.plus(Duration.ofDays(30)), Duration.ofDays(7), NOW);
        key.revoke(NOW.plusSeconds(1));
        assertNull(key.previousSecretDigest());
        assertFalse(key.hasPreviousSecret(NOW.plusSeconds(2)));
    }

    @Test
    void aGracePeriodIsAtMostSevenDays() {
        ApiKey key = key(Duration.ofDays(30));
        for (Duration grace : new Duration[] {Duration.ofMinutes(-1), Duration.ofDays(7).plusMinutes(1)}) {
            Refusal refused = assertThrows(Refusal.class, () -> key.regenerate(new SecretDigest("b".repeat(64), "bbbb"),
                    NOW.plus(Duration.ofDays(30)), grace, NOW));
            assertEquals("grace_period_minutes", refused.fields().get(0).name());
        }
        assertEquals("a".repeat(64), key.secretDigest(), "a refused regeneration changes nothing");
    }
}
