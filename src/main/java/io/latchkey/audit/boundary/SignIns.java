package io.latchkey.audit.boundary;

import io.latchkey.audit.control.AuditLog;
import io.latchkey.audit.control.SignedIn;
import io.latchkey.audit.entity.Actor;
import io.latchkey.audit.entity.EventType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import jakarta.transaction.Transactional;

/** Writes a {@code signed_in} event for every console sign-in, in its own transaction. */
@ApplicationScoped
public class SignIns {

    @Inject
    AuditLog audit;

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void record(@Observes SignedIn signIn) {
        JsonObjectBuilder details = Json.createObjectBuilder().add("method", signIn.method());
        if (signIn.provider() != null) {
            details.add("provider", signIn.provider());
        }
        audit.recordAccount(signIn.organizationId(), signIn.userId(), EventType.SIGNED_IN,
                new Actor(signIn.userId(), signIn.clientIp(), cut(signIn.userAgent()), "session", null), signIn.at(),
                details.build());
    }

    private static String cut(String userAgent) {
        return userAgent == null || userAgent.length() <= 300 ? userAgent : userAgent.substring(0, 300);
    }
}
