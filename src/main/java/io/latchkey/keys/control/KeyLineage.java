package io.latchkey.keys.control;

import io.latchkey.accounts.control.RolesLost;
import io.latchkey.accounts.control.UserDeactivated;
import io.latchkey.audit.control.AuditLog;
import io.latchkey.audit.entity.Actor;
import io.latchkey.audit.entity.EventType;
import io.latchkey.grid.Invalidation;
import io.latchkey.keys.entity.ApiKey;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.Json;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;

/**
 * Keys made by a key die with it. A key that created, edited or regenerated another is in that key's lineage
 * ({@link ApiKey#changedBy}); when it is revoked — by a person, a leak report — or stops counting because its
 * owner was deactivated or lost a role, every key it made is revoked in the same transaction, and what those
 * made, each with its own {@code key_revoked} event naming {@code cascade_from} (the key it came from) and
 * {@code cause}. That holds for a key revoked for disuse too ({@code unused}): a key never outlives the key that
 * made it, however busy it is itself. Expiry needs no cascade: a key never makes or changes a key to outlive it.
 */
@ApplicationScoped
public class KeyLineage {

    /** Why a cascade ran: the wire names of {@code cause} in the audit trail. */
    public enum Cause {
        REVOKED("revoked"),
        LEAK_REPORTED("leak_reported"),
        OWNER_DEACTIVATED("owner_deactivated"),
        OWNER_ROLE_LOST("owner_role_lost"),
        UNUSED("unused");

        private final String wireName;

        Cause(String wireName) {
            this.wireName = wireName;
        }
    }

    @Inject
    KeyStore keys;

    @Inject
    AuditLog audit;

    @Inject
    Clock clock;

    @Inject
    Event<Invalidation> changes;

    /** Revokes everything {@code root} made, transitively; returns how many keys that revoked. */
    public int revokeMadeBy(String organizationId, String rootKeyId, Cause cause, Actor actor, Instant now) {
        Deque<String> pending = new ArrayDeque<>();
        pending.push(rootKeyId);
        Set<String> seen = new HashSet<>(Set.of(rootKeyId));
        int revoked = 0;
        while (!pending.isEmpty()) {
            String parent = pending.pop();
            for (ApiKey child : keys.madeBy(organizationId, parent)) {
                if (!seen.add(child.id())) {
                    continue; // a cycle: two keys that changed each other
                }
                child.revoke(now);
                changes.fire(Invalidation.ofKey(child.id()));
                audit.record(organizationId, child.id(), EventType.REVOKED, actor, now, Json.createObjectBuilder()
                        .add("cascade_from", parent).add("cause", cause.wireName).build());
                pending.push(child.id());
                revoked++;
            }
        }
        return revoked;
    }

    void ownerDeactivated(@Observes UserDeactivated deactivated) {
        revokeMadeByKeysOf(deactivated.userId(), Cause.OWNER_DEACTIVATED);
    }

    void ownerLostRoles(@Observes RolesLost lost) {
        revokeMadeByKeysOf(lost.userId(), Cause.OWNER_ROLE_LOST);
    }

    /** The owner's keys stay as they are (they fail their checks while the owner cannot use them); what they made goes. */
    private void revokeMadeByKeysOf(String ownerId, Cause cause) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        keys.activeOf(ownerId, now).forEach(key -> revokeMadeBy(key.organizationId(), key.id(), cause, Actor.SYSTEM, now));
    }
}
