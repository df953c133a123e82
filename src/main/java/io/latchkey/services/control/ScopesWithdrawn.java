package io.latchkey.services.control;

import io.latchkey.audit.entity.Actor;
import java.util.Set;

/**
 * A CDI event, fired inside the transaction that changes or deletes a service: no key of the organization may
 * carry {@code gone} any more, and no read-only key {@code nowWriting}. The keys component takes them off
 * every key at once (and audits it), so the change holds on the very next key check.
 */
public record ScopesWithdrawn(String organizationId, Set<String> gone, Set<String> nowWriting, Actor actor) {
}
