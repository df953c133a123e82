package io.latchkey.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.latchkey.keys.control.SecretCodec;
import io.latchkey.testsupport.Api.Auth;
import io.latchkey.testsupport.Api.Reply;
import io.latchkey.testsupport.DeployedLatchkey;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * On PostgreSQL, with 50,000 keys in the table (none due for a notice, so that the scan stays a scan): the SQL the application really sends (captured from
 * EclipseLink while real requests run) for a key lookup by digest, a list page, a description search and
 * the expiry scan is planned as index access, never a sequential scan over all keys. Runs with
 * {@code -Ppostgres} (the plans are PostgreSQL's).
 */
@EnabledIfSystemProperty(named = "latchkey.db", matches = "postgres")
class PostgresIndexesIT extends DeployedLatchkey {

    private static final String JDBC = "jdbc:postgresql://127.0.0.1:5432/latchkey_it?user=postgres";

    @Test
    void theQueriesTheApplicationSendsUseIndexesAtScale() throws SQLException {
        String organization = api.get("me", Auth.admin()).data().getJsonObject("organization").getString("id");
        String owner = api.get("me", Auth.admin()).data().getString("id");
        try (Connection db = DriverManager.getConnection(JDBC); Statement sql = db.createStatement()) {
            sql.execute("insert into api_keys (id, organization_id, owner_id, created_by_id, description, access_level,"
                    + " secret_digest, secret_last4, created_at, issued_at, expires_at, revoked_at, last_used_at, version)"
                    + " select 'bulk-' || n, '" + organization + "', '" + owner + "', '" + owner + "',"
                    + " 'integration ' || md5(n::text), 'READ_ONLY', md5('digest' || n::text) || md5(n::text), 'abcd',"
                    + " now() - (n || ' minutes')::interval, now() - (n || ' minutes')::interval,"
                    + " now() + ((31 + n % 330) || ' days')::interval, case when n % 10 = 0 then now() end, null, 0"
                    + " from generate_series(1, 50000) n");
            sql.execute("analyze api_keys");
            try {
                // an unknown key is looked up by its digest as a current secret, then as an old one in a grace period
                // (a fresh unknown key each time: a digest that matched nothing is then remembered in memory)
                SecretCodec codec = new SecretCodec("lk", new SecureRandom());
                assertIndexed(sql, captured("GET", "me", Auth.bearer(codec.generate().plaintext()),
                        s -> s.contains("WHERE (SECRET_DIGEST =")), "api_keys_digest_uq");
                assertIndexed(sql, captured("GET", "me", Auth.bearer(codec.generate().plaintext()),
                        s -> s.contains("WHERE (PREVIOUS_SECRET_DIGEST =")), "api_keys_previous_digest_idx");
                assertIndexed(sql, captured("GET", "keys?limit=50", Auth.admin(), s -> s.contains("ORDER BY")),
                        "api_keys_organization_idx");
                assertIndexed(sql, captured("GET", "keys?limit=50&q=" + md5Fragment(sql), Auth.admin(),
                        s -> s.contains("ORDER BY") && s.contains("LIKE")), "api_keys_description_trgm_idx");
                assertIndexed(sql, captured("POST", "test-support/notices/scan", Auth.NONE,
                        s -> s.contains("REVOKED_AT IS NULL")), "api_keys_unrevoked_expiry_idx");
            } finally {
                sql.execute("delete from api_keys where id like 'bulk-%'");
            }
        }
    }

    /** Sends one request under a probe and returns the one statement on api_keys it sent that matches. */
    private String captured(String method, String path, Auth auth, Predicate<String> which) {
        String probe = "indexes-" + UUID.randomUUID();
        Reply reply = api.send(method, path, auth, null, null, "X-Test-Sql-Probe", probe);
        assertTrue(reply.status() < 500, reply.toString());
        List<String> matching = new ArrayList<>();
        for (JsonValue value : api.get("test-support/sql/statements?probe=" + probe, Auth.NONE).json().getJsonArray("data")) {
            JsonObject statement = value.asJsonObject();
            String text = statement.getString("sql");
            String upper = text.toUpperCase(Locale.ROOT);
            if (upper.contains("FROM API_KEYS") && which.test(upper)) {
                matching.add(bind(text, statement.getJsonArray("parameters").getValuesAs(JsonObject.class)));
            }
        }
        assertEquals(1, matching.size(), method + " " + path + " sent " + matching);
        return matching.get(0);
    }

    /** The statement with its parameters written in, as literals PostgreSQL can plan. */
    private static String bind(String sql, List<JsonObject> parameters) {
        StringBuilder out = new StringBuilder();
        int next = 0;
        for (char c : sql.toCharArray()) {
            if (c == '?' && next < parameters.size()) {
                JsonObject parameter = parameters.get(next++);
                String value = parameter.getString("value");
                String type = parameter.getString("type");
                out.append(type.equals("Integer") || type.equals("Long") || type.equals("Boolean")
                        ? value : "'" + value.replace("'", "''") + "'");
            } else {
                out.append(c);
            }
        }
        assertEquals(parameters.size(), next, "every parameter bound in " + sql);
        return out.toString();
    }

    /** A fragment of one bulk description: selective, as a real search is. */
    private static String md5Fragment(Statement sql) throws SQLException {
        try (ResultSet row = sql.executeQuery("select substr(md5('4242'), 3, 10)")) {
            assertTrue(row.next());
            return row.getString(1);
        }
    }

    private static void assertIndexed(Statement sql, String query, String index) throws SQLException {
        List<String> plan = new ArrayList<>();
        try (ResultSet rows = sql.executeQuery("explain " + query)) {
            while (rows.next()) {
                plan.add(rows.getString(1));
            }
        }
        String text = String.join("\n", plan);
        assertFalse(text.contains("Seq Scan on api_keys"), query + "\n" + text);
        assertTrue(text.contains(index), "expected " + index + " for\n" + query + "\nin\n" + text);
    }
}
