package io.latchkey.accounts.entity;


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
}
