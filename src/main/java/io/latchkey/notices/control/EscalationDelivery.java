package io.latchkey.notices.control;

import io.latchkey.notices.entity.EscalationReason;
import java.util.List;

/**
 * Everything one escalation mail needs: the notice the owner did not get, why, and the admins who get it
 * instead. Holds no secret (the key appears masked).
 */
public record EscalationDelivery(String messageId, EscalationReason reason, Delivery notice, int ownerAttempts,
                                 List<Recipient> admins) {

    public EscalationDelivery {
        admins = List.copyOf(admins);
    }
}
