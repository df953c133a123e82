/**
 * Expiry notices: the owner of a key hears 15 days and 7 days before it expires, and once it has
 * expired, each exactly once.
 *
 * <p>A non-persistent EJB timer runs the scan on every instance (shortly after start-up, then every
 * {@code LATCHKEY_NOTICE_SCAN_INTERVAL}); the database decides who sends what. The scan
 * <ol>
 *   <li>finds unrevoked keys expiring within 15 days or expired within the last
 *       {@value io.latchkey.notices.boundary.ExpiryScan#LOOKBACK_DAYS} days, and for each the notice due
 *       now ({@link io.latchkey.notices.entity.Threshold#due}: the latest threshold passed, skipping one
 *       that had passed before the expiry was set);</li>
 *   <li>claims it by inserting an outbox row; a unique index on (key, threshold, expiry) lets only one
 *       claim win, whichever instance or thread tries;</li>
 *   <li>leases each ready row with a conditional update (only one scanner gets it), sends the mail,
 *       and records the outcome. A failure backs off exponentially; after
 *       {@code LATCHKEY_NOTICE_MAX_ATTEMPTS} the notice is FAILED and listed at
 *       {@code GET /api/v1/notices?state=failed}.</li>
 * </ol>
 *
 * <p>SMTP has no idempotency: a crash after the server accepted a mail and before the outcome was
 * recorded sends it once more when the lease runs out. Every attempt of a notice carries the same
 * Message-ID, derived from (key, threshold, expiry), so such a duplicate is recognisable. Nothing is
 * ever lost: a notice leaves the outbox only as SENT, FAILED, or CANCELLED (key revoked or
 * regenerated before sending).
 *
 * <p>Without a configured mail server (no {@code mail/latchkey} resource, or its host is empty or
 * {@code none}) notices stay pending, with one log line, until there is one. Mail failures never
 * touch key management requests: they happen only in the scan.
 */
package io.latchkey.notices;
