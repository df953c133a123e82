package io.latchkey.grid;

import java.util.Optional;

/**
 * "What changed" in state that instances may hold in memory: one key, everything of one user, one
 * organization, or everything. Fired as a CDI event by the code that makes the change, inside its
 * transaction; {@link Invalidations} carries it to every instance once the transaction has committed.
 */
public record Invalidation(Scope scope, String id) {

    public enum Scope {
        KEY, USER, ORGANIZATION, ALL
    }

    public static Invalidation ofKey(String keyId) {
        return new Invalidation(Scope.KEY, keyId);
    }

    public static Invalidation ofUser(String userId) {
        return new Invalidation(Scope.USER, userId);
    }

    public static Invalidation ofOrganization(String organizationId) {
        return new Invalidation(Scope.ORGANIZATION, organizationId);
    }

    public static Invalidation everything() {
        return new Invalidation(Scope.ALL, "*");
    }

    /** One line without spaces in the id: {@code SCOPE id}. */
    String wire() {
        return scope + " " + id;
    }

    static Optional<Invalidation> fromWire(String scope, String id) {
        try {
            return Optional.of(new Invalidation(Scope.valueOf(scope), id));
        } catch (IllegalArgumentException unknown) {
            return Optional.empty();
        }
    }
}
