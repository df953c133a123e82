package io.latchkey.grid;

import java.util.Optional;
import java.util.UUID;

/**
 * "What changed" in state that instances may hold in memory: one key, everything of one user, one
 * organization, or everything. Fired as a CDI event by the code that makes the change, inside its
 * transaction; {@link Invalidations} records it there ({@code key_cache_changes}, under {@code change},
 * a random id) and carries it to every instance once the transaction has committed.
 */
public record Invalidation(Scope scope, String id, String change) {

    public enum Scope {
        KEY, USER, ORGANIZATION, ALL
    }

    public static Invalidation ofKey(String keyId) {
        return of(Scope.KEY, keyId);
    }

    public static Invalidation ofUser(String userId) {
        return of(Scope.USER, userId);
    }

    public static Invalidation ofOrganization(String organizationId) {
        return of(Scope.ORGANIZATION, organizationId);
    }

    public static Invalidation everything() {
        return of(Scope.ALL, "*");
    }

    private static Invalidation of(Scope scope, String id) {
        return new Invalidation(scope, id, UUID.randomUUID().toString());
    }

    /** One line; ids have no spaces: {@code change SCOPE id}. */
    String wire() {
        return change + " " + scope + " " + id;
    }

    static Optional<Invalidation> fromWire(String change, String scope, String id) {
        try {
            return Optional.of(new Invalidation(Scope.valueOf(scope), id, change));
        } catch (IllegalArgumentException unknown) {
            return Optional.empty();
        }
    }
}
