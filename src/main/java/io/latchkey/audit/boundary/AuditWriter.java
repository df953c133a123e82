package io.latchkey.audit.boundary;

import io.latchkey.audit.control.AuditLog;
import io.latchkey.audit.control.AuditLog.RejectedUse;
import io.latchkey.audit.control.AuditLog.Tally;
import io.latchkey.keys.control.KeyStore;
import jakarta.annotation.Resource;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.PersistenceException;
import java.time.Instant;

/** Batched writes from the authentication path, each in its own short transaction. */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class AuditWriter {

    @Resource
    SessionContext context;

    @Inject
    KeyStore keys;

    @Inject
    AuditLog audit;

    public void recordUse(String keyId, Instant at, String ip) {
        keys.recordUse(keyId, at, ip);
    }

    /**
     * Adds to the group's event, creating it on the group's first flush. Two instances creating the
     * same group at once: the loser's insert fails on the unique index and it adds to the winner's row.
     */
    public void addRejectedUses(RejectedUse group, Tally tally) {
        if (audit.addOccurrences(group, tally)) {
            return;
        }
        try {
            audit.recordRejectedUses(group, tally);
        } catch (PersistenceException lostRace) {
            context.setRollbackOnly();
            context.getBusinessObject(AuditWriter.class).addToExisting(group, tally);
        }
    }

    public void addToExisting(RejectedUse group, Tally tally) {
        audit.addOccurrences(group, tally);
    }
}
