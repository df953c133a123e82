package io.latchkey.keys.control;

import io.latchkey.accounts.control.RolesLost;
import io.latchkey.accounts.entity.User;
import io.latchkey.audit.control.AuditLog;
import io.latchkey.audit.entity.Actor;
import io.latchkey.audit.entity.EventType;
import io.latchkey.grid.Invalidation;
import io.latchkey.keys.entity.AccessLevel;
import io.latchkey.keys.entity.ApiKey;
import io.latchkey.services.control.ScopesWithdrawn;
import io.latchkey.services.control.ServiceCatalog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.Json;
import java.time.Clock;
import java.util.Collection;
import java.util.Set;
import java.util.SortedSet;

/**
 * What a key's scopes may be, and keeping them so: a key carries only scopes its owner may grant
 * ({@link ServiceCatalog#requireGrantable}); a scope a service stops defining, or that starts to write, is taken
 * off the keys at once; so are the scopes of admins-only services when the owner stops being an admin. Each
 * such change is audited on the key as {@code edited} with a {@code reason}, and reaches every instance's
 * memory like any edit. Runs in the caller's transaction.
 */
@ApplicationScoped
public class KeyScopes {

    @Inject
    ServiceCatalog catalog;

    @Inject
    KeyStore keys;

    @Inject
    AuditLog audit;

    @Inject
    Clock clock;

    @Inject
    Event<Invalidation> changes;

    /** Refuses scopes that a key of {@code owner} with {@code access} may not carry. */
    void requireGrantable(User owner, AccessLevel access, Collection<String> scopes) {
        catalog.requireGrantable(owner.organization().id(), scopes, owner.isAdmin(), access == AccessLevel.READ_ONLY);
    }

    void withdrawn(@Observes ScopesWithdrawn withdrawn) {
        for (ApiKey key : keys.carryingAny(withdrawn.organizationId(), withdrawn.gone())) {
            take(key, withdrawn.gone(), "scope_withdrawn", withdrawn.actor());
        }
        for (ApiKey key : keys.carryingAny(withdrawn.organizationId(), withdrawn.nowWriting())) {
            if (key.isReadOnly()) {
                take(key, withdrawn.nowWriting(), "scope_now_writing", withdrawn.actor());
            }
        }
    }

    /** An owner who is no admin any more keeps no scope of a service that grants its scopes only to admins. */
    void ownerLostRoles(@Observes RolesLost lost) {
        for (ApiKey key : keys.activeOf(lost.userId(), clock.instant())) {
            if (!key.owner().isAdmin() && !key.scopes().isEmpty()) {
                take(key, catalog.adminsOnlyScopes(key.organizationId()), "owner_not_admin", Actor.SYSTEM);
            }
        }
    }

    private void take(ApiKey key, Set<String> scopes, String reason, Actor actor) {
        SortedSet<String> before = key.scopes();
        if (key.withdraw(scopes)) {
            audit.record(key.organizationId(), key.id(), EventType.EDITED, actor, clock.instant(),
                    Json.createObjectBuilder().add("reason", reason)
                            .add("scopes", Json.createObjectBuilder()
                                    .add("before", Json.createArrayBuilder(before))
                                    .add("after", Json.createArrayBuilder(key.scopes())))
                            .build());
            changes.fire(Invalidation.ofKey(key.id()));
        }
    }
}
