/**
 * The counters of the operator's metrics, kept in memory by {@link io.latchkey.metrics.Metrics} (key checks by path
 * and outcome, the check's latency, 429s, mail and webhook attempts); {@code io.latchkey.monitoring} serves them,
 * with gauges read when scraped (the key cache, the grid, the outboxes' pending rows), in Prometheus' text format
 * at {@code GET /api/v1/metrics}. This package depends on no other of Latchkey, so every component may count.
 *
 * <p>Choices where the issue was silent: the endpoint is Latchkey's own, rendered by hand, because MicroProfile
 * Metrics is not on every server the WAR runs on and {@code src/main} keeps to Jakarta EE with MicroProfile
 * Config, Health and OpenAPI; only the operator reads it, since its figures span every organization; labels are
 * fixed names, never anything of a key, a person or a caller.
 */
package io.latchkey.metrics;
