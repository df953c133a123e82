/**
 * {@code GET /api/v1/metrics}: the operator's view of one instance, in Prometheus' text format: the counters of
 * {@link io.latchkey.metrics}, and gauges read when scraped from the key cache, the grid and the outboxes. Nothing
 * depends on this package.
 */
package io.latchkey.monitoring;
