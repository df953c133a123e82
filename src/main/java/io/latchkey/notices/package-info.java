/**
 * Expiry notices: the owner of a key hears 15 days and 7 days before it expires, and once it has
 * expired, each exactly once; when the owner cannot be reached, the organization's admins hear instead;
 * admins may also get a weekly digest of keys expiring soon.
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
 * <p>A notice that cannot reach its owner goes to the organization's active admins instead (never to the
 * owner), saying why: its owner was deactivated (the notice is cancelled {@code owner_inactive}) or every
 * attempt failed (the notice is FAILED). The escalation row ({@code notice_escalations}, keyed by the
 * notice's id, so at most one per notice) is created in the very transaction that cancels or fails the
 * notice, which only the notice's lease holder runs; it is sent through its own lease and retried like
 * a notice, and audited as {@code notice_escalated} on the key. It is cancelled if the key is revoked or
 * renewed first, or if there is no other active admin.
 *
 * <p>Organizations whose policy says {@code expiry_digest: weekly} get a digest: the scan claims one row
 * per (organization, ISO week in UTC) in {@code expiry_digests} (a unique index again), and the lease
 * holder reads the organization's keys expiring within 30 days, grouped by owner, and mails its active
 * admins (audited as {@code expiry_digest_sent}). A week with nothing expiring gets no mail: its row is
 * cancelled {@code nothing_expiring}, and the next week is looked at afresh.
 *
 * <p>SMTP has no idempotency: a crash after the server accepted a mail and before the outcome was
 * recorded sends it once more when the lease runs out. Every attempt of a notice carries the same
 * Message-ID, derived from (key, threshold, expiry), so such a duplicate is recognisable (escalations and
 * digests likewise, from the notice and from the organization and week). Nothing is ever lost: a mail
 * leaves the outbox only as SENT, FAILED, or CANCELLED (saying why).
 *
 * <p>Without a configured mail server (no {@code mail/latchkey} resource, or its host is empty or
 * {@code none}) notices stay pending, with one log line, until there is one. Mail failures never
 * touch key management requests: they happen only in the scan.
 *
 * <p>Also here: the mail about a key revoked for a leak report ({@link io.latchkey.notices.boundary.LeakAlerts},
 * {@link io.latchkey.notices.control.LeakMail}), to its owner and the organization's active admins, sent
 * once per recipient on a managed thread after the revocation commits; it shows the key masked.
 */
package io.latchkey.notices;
