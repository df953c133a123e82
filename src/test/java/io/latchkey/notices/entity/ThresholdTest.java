package io.latchkey.notices.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ThresholdTest {

    private static final Instant ISSUED = Instant.parse("2026-01-01T00:00:00Z");

    private static Optional<Threshold> due(int lifetimeDays, Duration elapsed) {
        return Threshold.due(ISSUED.plus(Duration.ofDays(lifetimeDays)), ISSUED, ISSUED.plus(elapsed));
    }

    @Test
    void theLatestPassedThresholdIsDue() {
        assertEquals(Optional.empty(), due(30, Duration.ofDays(14)));
        assertEquals(Optional.of(Threshold.DAYS_15), due(30, Duration.ofDays(15)));
        assertEquals(Optional.of(Threshold.DAYS_15), due(30, Duration.ofDays(22).minusSeconds(1)));
        assertEquals(Optional.of(Threshold.DAYS_7), due(30, Duration.ofDays(23)));
        assertEquals(Optional.of(Threshold.EXPIRED), due(30, Duration.ofDays(30)));
        assertEquals(Optional.of(Threshold.EXPIRED), due(30, Duration.ofDays(45)));
    }

    @Test
    void aThresholdPassedBeforeTheKeyWasIssuedIsSkipped() {
        assertEquals(Optional.empty(), due(10, Duration.ZERO), "no late 15-day notice");
        assertEquals(Optional.of(Threshold.DAYS_7), due(10, Duration.ofDays(3)));
        assertEquals(Optional.empty(), due(5, Duration.ofDays(1)));
        assertEquals(Optional.of(Threshold.EXPIRED), due(5, Duration.ofDays(5)));
        assertEquals(Optional.of(Threshold.DAYS_15), due(15, Duration.ZERO), "issued exactly at the moment");
    }

    @Test
    void subjectsSayWhichNoticeItIs() {
        assertEquals("expires in 15 days", Threshold.DAYS_15.phrase());
        assertEquals("expires in 7 days", Threshold.DAYS_7.phrase());
        assertEquals("has expired", Threshold.EXPIRED.phrase());
    }
}
