package io.latchkey.platform;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import java.util.logging.Logger;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * Brings the schema up to date before the application serves anything. Bean-managed transactions:
 * Flyway commits on its own connections, which a container transaction would forbid.
 *
 * <p>Every location Flyway scans holds an empty {@code flyway.location} file: on Open Liberty's class
 * loaders Flyway resolves a {@code classpath:} folder only through that marker (without it, it finds no
 * migrations). That includes {@code db/callback}, which Flyway always scans for Java callbacks and
 * otherwise reports there as an ERROR; Latchkey has no callbacks, so the folder holds only the marker.
 */
@Singleton
@Startup
@TransactionManagement(TransactionManagementType.BEAN)
public class SchemaMigration {

    private static final Logger LOG = Logger.getLogger(SchemaMigration.class.getName());

    @PostConstruct
    void migrate() {
        DataSource dataSource = Database.dataSource();
        var result = Flyway.configure(SchemaMigration.class.getClassLoader())
                .dataSource(dataSource)
                .locations("classpath:db/migration/common", "classpath:db/migration/" + vendor(dataSource))
                .load()
                .migrate();
        LOG.info(() -> "Database schema at version " + result.targetSchemaVersion
                + " (" + result.migrationsExecuted + " migrations applied now)");
    }

    /**
     * Migrations shared by every database live in {@code db/migration/common}; those that use one
     * database's features (PostgreSQL's trigram index) in {@code db/migration/<vendor>}.
     */
    static String vendor(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            String product = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
            if (product.contains("postgres")) {
                return "postgresql";
            }
            if (product.contains("h2")) {
                return "h2";
            }
            throw new IllegalStateException("Latchkey supports PostgreSQL and H2, not " + product);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot reach the database " + Database.JNDI_NAME, e);
        }
    }
}
