package io.latchkey.accounts.boundary;

import io.latchkey.accounts.entity.Organization;
import java.time.Instant;

/**
 * An organization, its key policy, expiry digest ({@code off}/{@code weekly}), unused-key policy (0: off) and
 * default rate limit of its keys (0: none),
 * as {@code /api/v1/organization} shows it.
 */
public record OrganizationView(String id, String name, int maxKeyLifetimeDays, int defaultKeyLifetimeDays,
                               int maxKeysPerUser, String expiryDigest, int revokeUnusedAfterDays,
                               int defaultRequestsPerMinute, Instant createdAt) {

    static OrganizationView of(Organization organization) {
        var policy = organization.keyPolicy();
        return new OrganizationView(organization.id(), organization.name(), policy.maxKeyLifetimeDays(),
                policy.defaultKeyLifetimeDays(), policy.maxKeysPerUser(), organization.expiryDigest().wireName(),
                organization.revokeUnusedAfterDays(), organization.defaultRequestsPerMinute(), organization.createdAt());
    }
}
