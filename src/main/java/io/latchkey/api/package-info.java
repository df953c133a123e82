/**
 * The HTTP contract every resource shares.
 *
 * <ul>
 *   <li>Every response carries {@code X-Request-Id}: the caller's if it is a sane token, else a new UUID.</li>
 *   <li>Successful JSON bodies are wrapped by {@link io.latchkey.api.EnvelopeFilter} into
 *       {@code {"request_id", "timestamp", "data", "pagination"?}}; resources return bare views or a
 *       {@link io.latchkey.api.Page}.</li>
 *   <li>JSON is snake_case; absent values are omitted unless a view marks them nillable.</li>
 *   <li>Request bodies are records, read strictly by {@link io.latchkey.api.RequestBodies} (bound by JSON-B,
 *       validated by Bean Validation): at most 16 KiB, an object,
 *       no unknown fields, every type checked, all field errors reported at once.</li>
 * </ul>
 */
package io.latchkey.api;
