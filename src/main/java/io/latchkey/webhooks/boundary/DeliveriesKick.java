package io.latchkey.webhooks.boundary;

import io.latchkey.webhooks.control.DeliveriesQueued;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;

/** Once a transaction that wrote deliveries commits, this instance's dispatcher sends them (not waiting for its timer). */
@ApplicationScoped
public class DeliveriesKick {

    @Inject
    WebhookDispatcher dispatcher;

    void afterCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS) DeliveriesQueued queued) {
        dispatcher.kick();
    }
}
