/**
 * Webhooks: admins register endpoints ({@code /api/v1/webhooks}) for the organization's events — keys created,
 * changed, regenerated, revoked, expiring (15 and 7 days before, and 7 days before a revocation for disuse),
 * expired; leaks reported; users deactivated — and Latchkey POSTs each event to each endpoint that listens, as
 * a CloudEvents 1.0 structured JSON document signed with the endpoint's secret
 * ({@code Latchkey-Signature: t=...,v1=<HMAC-SHA256 of "t.body">}).
 *
 * <p>Deliveries are an outbox: written in the transaction of the change (so a change that rolls back tells
 * nobody, and one that commits is never lost), sent after commit and on a timer, under a lease (one instance
 * sends each), per endpoint in order, retried with exponential backoff, visible in
 * {@code GET /webhooks/{id}/deliveries}, kept 30 days once settled.
 *
 * <p>Choices where the issue was silent: at most 20 webhooks per organization; events chosen per webhook
 * (at least one); a failing delivery holds back the later ones of its endpoint until it is delivered or given
 * up (12 attempts by default, about 17 hours with the default 30-second backoff), which keeps order; a delivery
 * whose answer is lost (Latchkey stopped between sending and recording) is sent again with the same event id,
 * so receivers deduplicate on {@code id}; targets are checked against loopback, link-local, unspecified,
 * multicast and metadata addresses when registered and before every attempt, private networks allowed
 * ({@link io.latchkey.webhooks.control.Targets}); the check and the connection resolve the name separately, so a
 * name that changes its address between the two (DNS rebinding) is not stopped: point webhooks at names you
 * control.
 */
package io.latchkey.webhooks;
