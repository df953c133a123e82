package io.latchkey.grid;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * How this instance answers key checks: its mode and whether it uses memory right now (false while it
 * is fenced or resynchronising — it is ready either way, only slower).
 */
@Readiness
@ApplicationScoped
public class KeyCacheHealth implements HealthCheck {

    @Inject
    Members members;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("key-checks").up()
                .withData("mode", members.mode().name().toLowerCase(java.util.Locale.ROOT))
                .withData("memory", members.usingMemory())
                .withData("member", members.memberId())
                .build();
    }
}
