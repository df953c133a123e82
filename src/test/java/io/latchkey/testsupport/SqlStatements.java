package io.latchkey.testsupport;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test deployments only: counts the SQL statements EclipseLink sends while serving requests that carry
 * {@code X-Test-Sql-Probe: <name>}, per name, from the moment the request enters the web application
 * (before authentication), and how many of them write. {@code GET /api/v1/test-support/sql?probe=<name>}
 * tells the counts. The parts are top-level classes: WildFly refuses nested enterprise beans.
 */
public final class SqlStatements {

    static final String HEADER = "X-Test-Sql-Probe";
    static final ThreadLocal<String> PROBE = new ThreadLocal<>();
    static final Map<String, AtomicInteger> COUNTS = new ConcurrentHashMap<>();
    static final Map<String, AtomicInteger> WRITES = new ConcurrentHashMap<>();
    static final Map<String, List<Map<String, Object>>> TEXTS = new ConcurrentHashMap<>();

    private SqlStatements() {
    }
}
