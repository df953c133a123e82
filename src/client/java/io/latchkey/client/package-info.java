/**
 * Latchkey's Jakarta EE client: a JAR for {@code WEB-INF/lib} of a Jakarta EE 10 application that makes the
 * application's JAX-RS resources accept Latchkey keys ({@code Authorization: Bearer lk_...} or {@code X-API-Key}),
 * with {@code @RolesAllowed("orders:write")} and {@code isCallerInRole} answered from the key's scopes.
 *
 * <p>Settings (MicroProfile Config, so also environment variables such as {@code LATCHKEY_URL}):
 * {@code latchkey.url} (Latchkey's base URL), {@code latchkey.verifier-key} (a key of a verifier service account of the
 * organization), {@code latchkey.key-prefix} (default {@code lk}), {@code latchkey.client.cache-size} (10000),
 * {@code latchkey.client.cache-ttl} (PT5M), {@code latchkey.client.stream-bound} (PT5S),
 * {@code latchkey.client.timeout} (PT2S), {@code latchkey.client.read-only-keys-read} (true).
 *
 * <p>Invariants: a value that is not shaped like a key is refused without the network; a cached answer is used only
 * while the change stream is trusted ({@link io.latchkey.client.ChangeStream}), so a revoked key is refused on the
 * request after its {@code DELETE} returns; when Latchkey cannot be asked, requests with keys are refused (503), never
 * let in on an old answer; keys with a rate limit are checked with Latchkey every time, so the limit holds; the cache
 * holds digests of keys, never keys. Depends on the Jakarta EE 10 and MicroProfile Config APIs of the server and on
 * Caffeine (declared, not shaded: the application carries it in {@code WEB-INF/lib}).
 */
package io.latchkey.client;
