package io.latchkey.accounts.entity;

import io.latchkey.problems.ProblemException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * An organization's rules for API keys.
 *
 * @param maxKeyLifetimeDays     the longest lifetime a new or regenerated key may have (1..365)
 * @param defaultKeyLifetimeDays the lifetime when a creation names none (1..max)
 * @param maxKeysPerUser         how many active keys one user may own
 */
public record KeyPolicy(int maxKeyLifetimeDays, int defaultKeyLifetimeDays, int maxKeysPerUser) {

    public KeyPolicy {
        if (maxKeyLifetimeDays < 1 || maxKeyLifetimeDays > Organization.LIFETIME_CEILING_DAYS) {
            throw new IllegalArgumentException("max key lifetime must be 1.." + Organization.LIFETIME_CEILING_DAYS
                    + " days, not " + maxKeyLifetimeDays);
        }
        if (defaultKeyLifetimeDays < 1 || defaultKeyLifetimeDays > maxKeyLifetimeDays) {
            throw new IllegalArgumentException("default key lifetime must be 1.." + maxKeyLifetimeDays
                    + " days, not " + defaultKeyLifetimeDays);
        }
        if (maxKeysPerUser < 1) {
            throw new IllegalArgumentException("max keys per user must be at least 1, not " + maxKeysPerUser);
        }
    }

    /**
     * When a key issued now expires.
     *
     * <p>{@code inDays} counts whole days from now. {@code at} is an ISO-8601 date-time with offset, or a
     * date, which means the end of that day in UTC (23:59:59Z); a date is accepted up to the date
     * {@code maxKeyLifetimeDays} from now. Neither given: {@code fallback}, shortened to the maximum.
     */
    public Instant expiry(Integer inDays, String at, Instant now, Duration fallback) {
        if (inDays != null && at != null) {
            throw ProblemException.invalid("expires_at", "give either expires_in_days or expires_at, not both");
        }
        Duration longest = Duration.ofDays(maxKeyLifetimeDays);
        if (inDays != null) {
            if (inDays < 1 || inDays > maxKeyLifetimeDays) {
                throw ProblemException.invalid("expires_in_days",
                        "must be between 1 and " + maxKeyLifetimeDays + " (the organization's maximum key lifetime)");
            }
            return now.plus(Duration.ofDays(inDays));
        }
        if (at != null) {
            return parseExpiry(at.trim(), now, longest);
        }
        return now.plus(fallback.compareTo(longest) > 0 ? longest : fallback);
    }

    private Instant parseExpiry(String at, Instant now, Duration longest) {
        Instant expiry;
        boolean dateOnly;
        try {
            if (at.length() == 10) {
                LocalDate date = LocalDate.parse(at);
                expiry = date.atTime(LocalTime.of(23, 59, 59)).toInstant(ZoneOffset.UTC);
                dateOnly = true;
            } else {
                expiry = OffsetDateTime.parse(at).toInstant();
                dateOnly = false;
            }
        } catch (DateTimeParseException e) {
            throw ProblemException.invalid("expires_at",
                    "must be an ISO-8601 date (2027-01-31) or date-time with offset (2027-01-31T12:00:00Z)");
        }
        if (!expiry.isAfter(now)) {
            throw ProblemException.invalid("expires_at", "must be in the future");
        }
        Instant latest = now.plus(longest);
        boolean tooLate = dateOnly
                ? expiry.atOffset(ZoneOffset.UTC).toLocalDate().isAfter(latest.atOffset(ZoneOffset.UTC).toLocalDate())
                : expiry.isAfter(latest);
        if (tooLate) {
            throw ProblemException.invalid("expires_at",
                    "must be at most " + maxKeyLifetimeDays + " days from now (the organization's maximum key lifetime)");
        }
        return expiry;
    }
}
