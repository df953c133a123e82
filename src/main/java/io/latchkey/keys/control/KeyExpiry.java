package io.latchkey.keys.control;

import io.latchkey.accounts.entity.KeyPolicy;
import io.latchkey.caller.Caller;
import io.latchkey.platform.Refusal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** When a new or regenerated key expires: the organization's policy, and never past the key that asks. */
final class KeyExpiry {

    private KeyExpiry() {
    }

    /**
     * When a key issued now expires.
     *
     * <p>{@code inDays} counts whole days from now. {@code at} is an ISO-8601 date-time with offset, or a
     * date, which means the end of that day in UTC (23:59:59Z); a date is accepted up to the date
     * {@code maxKeyLifetimeDays} from now. Neither given: {@code fallback}, shortened to the maximum.
     */
    static Instant of(KeyPolicy policy, Integer inDays, String at, Instant now, Duration fallback) {
        if (inDays != null && at != null) {
            throw Refusal.invalid("expires_at", "give either expires_in_days or expires_at, not both");
        }
        Duration longest = Duration.ofDays(policy.maxKeyLifetimeDays());
        if (inDays != null) {
            if (inDays < 1 || inDays > policy.maxKeyLifetimeDays()) {
                throw Refusal.invalid("expires_in_days",
                        "must be between 1 and " + policy.maxKeyLifetimeDays() + " (the organization's maximum key lifetime)");
            }
            return now.plus(Duration.ofDays(inDays));
        }
        if (at != null) {
            return parseExpiry(policy, at.trim(), now, longest);
        }
        return now.plus(fallback.compareTo(longest) > 0 ? longest : fallback);
    }

    private static Instant parseExpiry(KeyPolicy policy, String at, Instant now, Duration longest) {
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
            throw Refusal.invalid("expires_at",
                    "must be an ISO-8601 date (2027-01-31) or date-time with offset (2027-01-31T12:00:00Z)");
        }
        if (!expiry.isAfter(now)) {
            throw Refusal.invalid("expires_at", "must be in the future");
        }
        Instant latest = now.plus(longest);
        boolean tooLate = dateOnly
                ? expiry.atOffset(ZoneOffset.UTC).toLocalDate().isAfter(latest.atOffset(ZoneOffset.UTC).toLocalDate())
                : expiry.isAfter(latest);
        if (tooLate) {
            throw Refusal.invalid("expires_at",
                    "must be at most " + policy.maxKeyLifetimeDays() + " days from now (the organization's maximum key lifetime)");
        }
        return expiry;
    }

    /**
     * A key-authenticated caller cannot make a key that outlives the calling key, so revoking a leaked key
     * (or letting it expire) contains everything minted with it. An expiry the request did not name is
     * shortened to the calling key's; one it named is refused.
     */
    static Instant withinCallingKey(Caller caller, Instant expiresAt, Integer inDays, String at) {
        if (caller.method() != Caller.Method.API_KEY || !expiresAt.isAfter(caller.keyExpiresAt())) {
            return expiresAt;
        }
        if (inDays == null && at == null) {
            return caller.keyExpiresAt();
        }
        String field = inDays != null ? "expires_in_days" : "expires_at";
        String message = "must not be later than the expiry of the API key making this request ("
                + caller.keyExpiresAt() + ")";
        throw Refusal.invalid("expiry_beyond_calling_key", field, message);
    }
}
