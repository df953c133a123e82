package io.latchkey.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HealthStatusTest {

    @Test
    void everyCheckUpIsUp() {
        var report = HealthStatus.report(List.of(new HealthStatus.Check("database", "UP", null),
                new HealthStatus.Check("key-checks", "UP", Map.of("mode", "single_instance"))));
        assertEquals("UP", report.status());
        assertEquals(2, report.checks().size());
    }

    @Test
    void oneCheckDownIsDown() {
        var report = HealthStatus.report(List.of(new HealthStatus.Check("database", "DOWN", null),
                new HealthStatus.Check("key-checks", "UP", null)));
        assertEquals("DOWN", report.status());
    }

    @Test
    void noChecksIsUp() {
        assertEquals("UP", HealthStatus.report(List.of()).status());
    }
}
