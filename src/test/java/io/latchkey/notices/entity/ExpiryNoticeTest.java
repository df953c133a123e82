package io.latchkey.notices.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ExpiryNoticeTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private static ExpiryNotice notice() {
        return new ExpiryNotice("key", "org", Threshold.DAYS_7, NOW.plus(Duration.ofDays(7)), NOW);
    }

    @Test
    void failuresBackOffExponentiallyThenGiveUp() {
        ExpiryNotice notice = notice();
        notice.failed("Connection refused", NOW, Duration.ofMinutes(5), 4);
        assertEquals(NoticeState.PENDING, notice.state());
        assertEquals(NOW.plus(Duration.ofMinutes(5)), notice.nextAttemptAt());
        notice.failed("Connection refused", NOW, Duration.ofMinutes(5), 4);
        assertEquals(NOW.plus(Duration.ofMinutes(10)), notice.nextAttemptAt());
        notice.failed("Connection refused", NOW, Duration.ofMinutes(5), 4);
        assertEquals(NOW.plus(Duration.ofMinutes(20)), notice.nextAttemptAt());
        notice.failed("x".repeat(2000), NOW, Duration.ofMinutes(5), 4);
        assertEquals(NoticeState.FAILED, notice.state());
        assertEquals(4, notice.attempts());
        assertEquals(500, notice.lastError().length());
    }

    @Test
    void backoffIsCappedAtSixHours() {
        ExpiryNotice notice = notice();
        for (int i = 0; i < 20; i++) {
            notice.failed("down", NOW, Duration.ofHours(1), 100);
        }
        assertEquals(NOW.plus(Duration.ofHours(6)), notice.nextAttemptAt());
    }

    @Test
    void sendingRecordsTheRecipientAndClearsTheError() {
        ExpiryNotice notice = notice();
        notice.failed("down", NOW, Duration.ofMinutes(5), 3);
        notice.sent("owner@example.com", NOW.plusSeconds(600));
        assertEquals(NoticeState.SENT, notice.state());
        assertEquals(2, notice.attempts());
        assertNull(notice.lastError());
        assertEquals("owner@example.com", notice.recipient());
    }

    @Test
    void theMessageIdIsStablePerKeyThresholdAndExpiry() {
        assertEquals(notice().messageId("example.org"), notice().messageId("example.org"));
        assertEquals("<notice.key.days_7." + NOW.plus(Duration.ofDays(7)).toEpochMilli() + "@example.org>",
                notice().messageId("example.org"));
    }
}
