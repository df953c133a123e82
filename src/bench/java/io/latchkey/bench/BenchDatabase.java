package io.latchkey.bench;

import io.latchkey.bench.SeededKeys.Seed;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The benchmark's database, reached over JDBC beside the server: made afresh, filled with keys, and
 * watched for the SQL that requests cause.
 *
 * <p>H2 is opened by Latchkey with {@code AUTO_SERVER=TRUE} (appended to {@code LATCHKEY_H2_PATH}), so
 * that this process can connect while the server holds the file; statements are counted with H2's
 * {@code INFORMATION_SCHEMA.QUERY_STATISTICS}, switched on only while counting. PostgreSQL counts
 * per-table accesses ({@code pg_stat_user_tables}: scans plus rows written) and updated rows;
 * {@code pg_stat_statements} would need a server restart to load.
 */
final class BenchDatabase implements AutoCloseable {

    /**
     * Activity counters at one moment: on the tables a key check reads ({@code api_keys}, {@code users}), on
     * the others (such as the key-cache lease that a single instance renews every 2 s), and last-use writes.
     */
    record Activity(long onKeys, long onOthers, long lastUseUpdates) {
        Activity minus(Activity earlier) {
            return new Activity(onKeys - earlier.onKeys, onOthers - earlier.onOthers, lastUseUpdates - earlier.lastUseUpdates);
        }
    }

    private static final String[] AREAS = {"billing", "payments", "search", "reports", "deploy", "backup",
            "mobile", "partner", "analytics", "support"};
    private static final String PG_SERVER = "jdbc:postgresql://127.0.0.1:5432/";

    private final boolean postgres;
    private final String url;
    private final Path h2Files;
    private Connection connection;

    private BenchDatabase(boolean postgres, String url, Path h2Files) {
        this.postgres = postgres;
        this.url = url;
        this.h2Files = h2Files;
    }

    static BenchDatabase h2(Path dir) {
        Path files = dir.toAbsolutePath().resolve("latchkey");
        return new BenchDatabase(false, "jdbc:h2:file:" + files + ";AUTO_SERVER=TRUE", files);
    }

    static BenchDatabase postgres(String name) {
        return new BenchDatabase(true, PG_SERVER + name + "?user=postgres&reWriteBatchedInserts=true", null);
    }

    boolean isPostgres() {
        return postgres;
    }

    /** The server's database settings (environment variables of server-config/post-boot-*.asadmin). */
    Map<String, String> serverEnvironment() {
        if (postgres) {
            return Map.of("LATCHKEY_DB_HOST", "127.0.0.1", "LATCHKEY_DB_PORT", "5432",
                    "LATCHKEY_DB_NAME", "latchkey_bench", "LATCHKEY_DB_USER", "postgres");
        }
        // asadmin reads '=' as a separator unless escaped
        return Map.of("LATCHKEY_H2_PATH", h2Files + ";AUTO_SERVER\\=TRUE");
    }

    /** An empty database: PostgreSQL's dropped and created, H2's files deleted. */
    void createEmpty() throws SQLException, IOException {
        if (postgres) {
            try (Connection admin = DriverManager.getConnection(PG_SERVER + "postgres?user=postgres");
                 Statement statement = admin.createStatement()) {
                statement.execute("drop database if exists latchkey_bench with (force)");
                statement.execute("create database latchkey_bench");
            }
        } else if (Files.exists(h2Files.getParent())) {
            try (Stream<Path> files = Files.walk(h2Files.getParent())) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
    }

    String describe() throws SQLException {
        try (Statement statement = connection().createStatement();
             ResultSet row = statement.executeQuery(postgres ? "select version()" : "select h2version()")) {
            row.next();
            return postgres ? row.getString(1).replaceAll(" on .*", "") : "H2 " + row.getString(1) + " (embedded, file)";
        }
    }

    /** The id of a user and of its organization. */
    String[] userAndOrganization(String email) throws SQLException {
        try (PreparedStatement query = connection().prepareStatement("select id, organization_id from users where email = ?")) {
            query.setString(1, email);
            try (ResultSet row = query.executeQuery()) {
                if (!row.next()) {
                    throw new IllegalStateException("No user " + email);
                }
                return new String[] {row.getString(1), row.getString(2)};
            }
        }
    }

    /**
     * Inserts keys of {@code owners} (in turn) in one organization, active for months, created a second
     * apart up to now, with descriptions that name one of 100 areas ({@code billing-3}: 1 % of keys).
     */
    void insertKeys(List<Seed> seeds, int total, String organizationId, List<String> owners) throws SQLException {
        Connection db = connection();
        db.setAutoCommit(false);
        LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);
        try (PreparedStatement insert = db.prepareStatement("insert into api_keys (id, organization_id, owner_id,"
                + " created_by_id, description, access_level, secret_digest, secret_last4, created_at, issued_at,"
                + " expires_at, scopes, requests_per_minute, version) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)")) {
            int batched = 0;
            for (Seed seed : seeds) {
                String owner = owners.get(seed.number() % owners.size());
                LocalDateTime created = now.minusSeconds(total - seed.number());
                insert.setString(1, UUID.randomUUID().toString());
                insert.setString(2, organizationId);
                insert.setString(3, owner);
                insert.setString(4, owner);
                insert.setString(5, String.format("Service key %07d for %s-%d", seed.number(),
                        AREAS[seed.number() % 10], seed.number() / 10 % 10));
                insert.setString(6, seed.number() % 2 == 0 ? "READ_ONLY" : "READ_WRITE");
                insert.setString(7, seed.digest());
                insert.setString(8, seed.last4());
                insert.setObject(9, created);
                insert.setObject(10, created);
                insert.setObject(11, created.plusDays(180));
                // every key carries scopes, so that forward-auth's ratio is measured with a scope to check
                insert.setString(12, Benchmark.SCOPE + " bench:admin");
                // and a rate limit it never reaches, so that the ratio is measured with every request counted
                insert.setInt(13, 1_000_000);
                insert.addBatch();
                if (++batched % 2000 == 0) {
                    insert.executeBatch();
                    db.commit();
                }
            }
            insert.executeBatch();
            db.commit();
        } finally {
            db.setAutoCommit(true);
        }
    }

    /**
     * Brings the database to the state it would reach after a gradual growth, and says what that took:
     * PostgreSQL vacuums and analyzes (as autovacuum would, soon after); H2, when the server is stopped (this
     * process then holds the files), shuts down compacted, instead of compacting in the background
     * for minutes on the server's CPUs. Returns what it did, or {@code null} for nothing.
     */
    String settle(boolean serverStopped) throws SQLException {
        try (Statement statement = connection().createStatement()) {
            if (postgres) {
                statement.execute("vacuum analyze api_keys");
                return "vacuum analyze api_keys";
            }
            if (serverStopped) {
                statement.execute("shutdown compact");
                connection = null;
                return "SHUTDOWN COMPACT";
            }
            return null;
        }
    }

    /** Closes this process's connection (before the server stops, for H2). */
    void disconnect() throws SQLException {
        if (connection != null) {
            connection.close();
            connection = null;
        }
    }

    /** Starts counting (H2: statement statistics on; PostgreSQL counts always). */
    void startCounting() throws SQLException {
        if (!postgres) {
            try (Statement statement = connection().createStatement()) {
                statement.execute("set query_statistics_max_entries 10000");
                statement.execute("set query_statistics true");
            }
        }
    }

    void stopCounting() throws SQLException {
        if (!postgres) {
            try (Statement statement = connection().createStatement()) {
                statement.execute("set query_statistics false");
            }
        }
    }

    /**
     * H2: statements executed by anyone but this watcher, and executions of the last-use update.
     * PostgreSQL: table scans plus rows written, and rows updated in api_keys.
     */
    Activity activity() throws SQLException {
        if (postgres) {
            String accesses = "coalesce(seq_scan, 0) + coalesce(idx_scan, 0) + n_tup_ins + n_tup_upd + n_tup_del";
            try (Statement statement = connection().createStatement();
                 ResultSet row = statement.executeQuery("select"
                         + " coalesce(sum(case when relname in ('api_keys', 'users') then " + accesses + " else 0 end), 0),"
                         + " coalesce(sum(case when relname in ('api_keys', 'users') then 0 else " + accesses + " end), 0),"
                         + " coalesce(sum(case when relname = 'api_keys' then n_tup_upd else 0 end), 0) from pg_stat_user_tables")) {
                row.next();
                return new Activity(row.getLong(1), row.getLong(2), row.getLong(3));
            }
        }
        long onKeys = 0;
        long onOthers = 0;
        long lastUse = 0;
        for (Map.Entry<String, Long> executed : statementsByText().entrySet()) {
            String sql = executed.getKey().toLowerCase(Locale.ROOT);
            if (sql.matches("(?s).*\\b(api_keys|users)\\b.*")) {
                onKeys += executed.getValue();
            } else {
                onOthers += executed.getValue();
            }
            if (sql.startsWith("update api_keys set last_used_at")) {
                lastUse += executed.getValue();
            }
        }
        return new Activity(onKeys, onOthers, lastUse);
    }

    /** Statements by text since counting started, but this watcher's (H2 only; empty on PostgreSQL). */
    Map<String, Long> statementsByText() throws SQLException {
        Map<String, Long> out = new HashMap<>();
        if (!postgres) {
            try (Statement statement = connection().createStatement();
                 ResultSet rows = statement.executeQuery("select sql_statement, execution_count from information_schema.query_statistics")) {
                while (rows.next()) {
                    if (!rows.getString(1).toLowerCase().contains("query_statistics")) {
                        out.put(rows.getString(1), rows.getLong(2));
                    }
                }
            }
        }
        return out;
    }

    /** How long to wait before reading counters that must include what just happened. */
    long settleMillis() {
        // PostgreSQL backends publish their statistics at most every second, and an idle one after 10 s
        return postgres ? 11_000 : 0;
    }

    private Connection connection() throws SQLException {
        if (connection == null || connection.isClosed()) {
            connection = DriverManager.getConnection(url, postgres ? null : "", postgres ? null : "");
        }
        return connection;
    }

    @Override
    public void close() throws SQLException {
        disconnect();
    }
}
