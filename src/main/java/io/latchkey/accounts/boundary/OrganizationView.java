package io.latchkey.accounts.boundary;

import io.latchkey.accounts.entity.Organization;
import java.time.Instant;

/** An organization and its key policy, as {@code /api/v1/organization} shows it. */
public record OrganizationView(String id, String name, int maxKeyLifetimeDays, int defaultKeyLifetimeDays,
                               int maxKeysPerUser, Instant createdAt) {

    static OrganizationView of(Organization organization) {
        var policy = organization.keyPolicy();
        return new OrganizationView(organization.id(), organization.name(), policy.maxKeyLifetimeDays(),
                policy.defaultKeyLifetimeDays(), policy.maxKeysPerUser(), organization.createdAt());
    }
}
