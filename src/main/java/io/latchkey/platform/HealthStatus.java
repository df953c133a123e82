package io.latchkey.platform;

import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/**
 * The application's health checks at the same path on every server, on the application's own port:
 * {@code /status/ready} (readiness), {@code /status/live} (liveness) and {@code /status} (both), in
 * MicroProfile Health's format, 200 when every check is UP and 503 otherwise. Servers serve
 * MicroProfile Health at {@code /health} too, but not all of them on the application port (WildFly
 * serves it on its management port only).
 */
@WebServlet(urlPatterns = {"/status", "/status/ready", "/status/live"})
public class HealthStatus extends HttpServlet {

    /** A check as MicroProfile Health reports it; {@code data} is left out when the check has none. */
    @JsonbPropertyOrder({"name", "status", "data"})
    public record Check(String name, String status, Map<String, Object> data) {
    }

    /** The overall status and every check. */
    @JsonbPropertyOrder({"status", "checks"})
    public record Report(String status, List<Check> checks) {
    }

    private static final Jsonb JSON = JsonbBuilder.create();

    @Inject
    @Readiness
    Instance<HealthCheck> readiness;

    @Inject
    @Liveness
    Instance<HealthCheck> liveness;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getServletPath();
        Stream<HealthCheck> checks = switch (path) {
            case "/status/ready" -> readiness.stream();
            case "/status/live" -> liveness.stream();
            default -> Stream.concat(readiness.stream(), liveness.stream());
        };
        Report report = report(checks.map(HealthStatus::call).toList());
        response.setStatus("UP".equals(report.status()) ? 200 : 503);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.getWriter().write(JSON.toJson(report));
    }

    static Report report(List<Check> checks) {
        boolean up = checks.stream().allMatch(check -> "UP".equals(check.status()));
        return new Report(up ? "UP" : "DOWN", checks);
    }

    /** A check that throws is DOWN, as MicroProfile Health has it. */
    private static Check call(HealthCheck check) {
        try {
            HealthCheckResponse response = check.call();
            return new Check(response.getName(), response.getStatus().name().toUpperCase(Locale.ROOT),
                    response.getData().orElse(null));
        } catch (RuntimeException e) {
            return new Check(check.getClass().getSimpleName(), "DOWN", Map.of("error", e.getClass().getSimpleName()));
        }
    }
}
