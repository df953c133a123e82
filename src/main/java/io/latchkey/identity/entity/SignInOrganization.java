package io.latchkey.identity.entity;

import static io.latchkey.platform.UtcColumns.column;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.LocalDateTime;

/**
 * The organization one source of sign-ins ({@code oidc}, {@code ldap}) puts its users in, by id, as its
 * setting was resolved once; {@code configuredAs} is that setting's text ({@code ""}: the default).
 */
@Entity
@Table(name = "sign_in_organizations")
public class SignInOrganization {

    @Id
    private String source;

    @Column(name = "configured_as")
    private String configuredAs;

    @Column(name = "organization_id")
    private String organizationId;

    @Column(name = "resolved_at")
    private LocalDateTime resolvedAt;

    protected SignInOrganization() {
    }

    public SignInOrganization(String source, String configuredAs, String organizationId, Instant now) {
        this.source = source;
        resolve(configuredAs, organizationId, now);
    }

    public void resolve(String configuredAs, String organizationId, Instant now) {
        this.configuredAs = configuredAs;
        this.organizationId = organizationId;
        this.resolvedAt = column(now);
    }

    public String configuredAs() {
        return configuredAs;
    }

    public String organizationId() {
        return organizationId;
    }
}
