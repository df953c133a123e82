package io.latchkey.notices.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ExpiryDigestTest {

    @Test
    void weeksAreIsoWeeksInUtcStartingOnMonday() {
        assertEquals("2026-W48", ExpiryDigest.isoWeek(Instant.parse("2026-11-29T23:59:59Z")));
        assertEquals("2026-W49", ExpiryDigest.isoWeek(Instant.parse("2026-11-30T00:00:00Z")));
        assertEquals("2026-W53", ExpiryDigest.isoWeek(Instant.parse("2027-01-01T12:00:00Z")));
        assertEquals("2027-W01", ExpiryDigest.isoWeek(Instant.parse("2027-01-04T00:00:00Z")));
    }

    @Test
    void theMessageIdIsStablePerOrganizationAndWeek() {
        ExpiryDigest digest = new ExpiryDigest("org", Instant.parse("2026-11-25T08:00:00Z"));
        assertEquals("<digest.org.2026-W48@example.org>", digest.messageId("example.org"));
        assertEquals(NoticeState.PENDING, digest.state());
    }

    @Test
    void aNoticeEscalatesOnceWithItsOwnIdAndReason() {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        ExpiryNotice notice = new ExpiryNotice("key", "org", Threshold.DAYS_15, now.plusSeconds(86_400 * 15), now);
        NoticeEscalation escalation = notice.escalate(EscalationReason.UNDELIVERABLE, now);
        assertEquals(notice.id(), escalation.noticeId());
        assertEquals("key", escalation.keyId());
        assertEquals(EscalationReason.UNDELIVERABLE, escalation.reason());
        assertEquals("<escalation." + notice.id() + "@example.org>", escalation.messageId("example.org"));
        escalation.sent(2, now);
        assertEquals(NoticeState.SENT, escalation.state());
        assertEquals(2, escalation.recipients());
    }
}
