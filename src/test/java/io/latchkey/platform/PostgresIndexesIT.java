package io.latchkey.platform;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.latchkey.testsupport.Api;
import io.latchkey.testsupport.DeployedLatchkey;
import io.latchkey.testsupport.Api.Auth;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * On PostgreSQL, with 50,000 keys in the table: a lookup by digest, a list page, a description search
 * and the expiry scan are index lookups, never a sequential scan over all keys. Runs with
 * {@code -Ppostgres} (the plans are PostgreSQL's).
 */
@EnabledIfSystemProperty(named = "latchkey.db", matches = "postgres")
class PostgresIndexesIT extends DeployedLatchkey {

    private static final String JDBC = "jdbc:postgresql://127.0.0.1:5432/latchkey_it?user=postgres";

    @Test
    void keyQueriesUseIndexesAtScale() throws SQLException {
        String organization = api.get("me", Auth.admin()).data().getJsonObject("organization").getString("id");
        String owner = api.get("me", Auth.admin()).data().getString("id");
        try (Connection db = DriverManager.getConnection(JDBC); Statement sql = db.createStatement()) {
            sql.execute("insert into api_keys (id, organization_id, owner_id, created_by_id, description, access_level,"
                    + " secret_digest, secret_last4, created_at, issued_at, expires_at, revoked_at, last_used_at, version)"
                    + " select 'bulk-' || n, '" + organization + "', '" + owner + "', '" + owner + "',"
                    + " 'integration ' || md5(n::text), 'READ_ONLY', md5('digest' || n::text) || md5(n::text), 'abcd',"
                    + " now() - (n || ' minutes')::interval, now() - (n || ' minutes')::interval,"
                    + " now() + ((n % 365) || ' days')::interval, case when n % 10 = 0 then now() end, null, 0"
                    + " from generate_series(1, 50000) n");
            sql.execute("analyze api_keys");

            assertIndexed(sql, "select * from api_keys where secret_digest = '" + "0".repeat(64) + "'", "api_keys_digest_uq");
            assertIndexed(sql, "select * from api_keys where organization_id = '" + organization + "'"
                    + " order by created_at desc, id desc limit 50 offset 0", "api_keys_organization_idx");
            assertIndexed(sql, "select * from api_keys where organization_id = '" + organization + "'"
                    + " and lower(description) like '%" + md5Prefix(sql) + "%' escape '\\'"
                    + " order by created_at desc, id desc limit 50", "api_keys_description_trgm_idx");
            assertIndexed(sql, "select * from api_keys where revoked_at is null and expires_at <= now() + interval '15 days'"
                    + " and expires_at > now() - interval '30 days' order by expires_at", "api_keys_unrevoked_expiry_idx");
            sql.execute("delete from api_keys where id like 'bulk-%'");
        }
    }

    /** A fragment of one bulk description: selective, as a real search is. */
    private static String md5Prefix(Statement sql) throws SQLException {
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
        assertTrue(text.contains(index), "expected " + index + " in\n" + text);
    }
}
