package io.latchkey.platform;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** UP only when the database answers within two seconds. */
@Readiness
@ApplicationScoped
public class DatabaseHealth implements HealthCheck {

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("database");
        try (Connection connection = Database.dataSource().getConnection()) {
            return response.status(connection.isValid(2)).build();
        } catch (SQLException | IllegalStateException e) {
            return response.down().withData("error", e.getClass().getSimpleName()).build();
        }
    }
}
