/**
 * Leak reports: {@code POST /api/v1/leaks}, where secret scanners (GitHub's partner program, gitleaks
 * or trufflehog in CI) and people report keys they found. This package only speaks HTTP: it counts the
 * report against the client's address ({@link io.latchkey.auth.FailedAuthThrottle}), reads the two body
 * forms ({@link io.latchkey.leaks.LeakReportBody}) and hands the items to
 * {@link io.latchkey.keys.control.LeakReports}, which revokes, audits and announces; the mails are sent
 * by {@code io.latchkey.notices} after the commit.
 *
 * <p>Invariants: the answer is {@code 202 {"received": n}} for every well-formed report, the count of
 * items received, whatever matched; credentials sent along are ignored (the mechanism does nothing for
 * this path), so a report carrying the leaked key itself in {@code Authorization} is still just a
 * report; nothing here logs or keeps a reported secret.
 *
 * <p>Out of scope: verifying GitHub's payload signature. Knowing a key is all it takes to report it,
 * and reporting is all a report can do: a caller who holds a live key could use it far worse than by
 * having it revoked.
 */
package io.latchkey.leaks;
