package io.latchkey.accounts.boundary;

import io.latchkey.audit.entity.Actor;
import io.latchkey.accounts.control.Accounts;
import io.latchkey.accounts.control.UserStore;
import io.latchkey.accounts.entity.DigestSchedule;
import io.latchkey.accounts.entity.KeyPolicy;
import io.latchkey.accounts.entity.Organization;
import io.latchkey.caller.CurrentCaller;
import io.latchkey.platform.Refusal;
import io.latchkey.problems.ProblemException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirementsSet;

/**
 * {@code /api/v1/organization}: the caller's organization and its key policy, for admins.
 *
 * <p>{@code expiry_digest} ({@code off}/{@code weekly}) sends the admins a weekly digest of keys expiring
 * soon (see {@code io.latchkey.notices}). A policy change applies to keys created or regenerated afterwards. Lowering the maximum lifetime
 * never shortens an existing key: it keeps the expiry it was given until it is regenerated.
 *
 * <p>{@code revoke_unused_after_days} (0: off, else 30..365) has the scan revoke keys not used for that long
 * (since their last use, or their creation or regeneration if later), each owner warned 7 days before; see
 * {@code io.latchkey.notices}.
 *
 * <p>{@code default_requests_per_minute} (0: none, else up to 1,000,000) limits every key of the organization
 * that has no {@code requests_per_minute} of its own (see {@code io.latchkey.limits}); a change applies at once.
 */
@Tag(name = "Organization")
@SecurityRequirementsSet(@SecurityRequirement(name = "bearer"))
@SecurityRequirementsSet(@SecurityRequirement(name = "apiKey"))
@SecurityRequirementsSet(@SecurityRequirement(name = "basic"))
@Path("organization")
@RequestScoped
@RolesAllowed("admin")
@Produces(MediaType.APPLICATION_JSON)
public class OrganizationResource {

    @Inject
    CurrentCaller currentCaller;

    @Inject
    UserStore users;

    @Inject
    Accounts accounts;

    @GET
    @Operation(operationId = "getOrganization", summary = "The caller's organization and its key policy")
    @APIResponse(responseCode = "200", description = "Done", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = OrganizationView.class)),
            extensions = @Extension(name = "x-latchkey-view", value = "io.latchkey.accounts.boundary.OrganizationView"))
    public OrganizationView get() {
        return OrganizationView.of(users.organization(currentCaller.get().organizationId()));
    }

    @PATCH
    @Consumes({MediaType.APPLICATION_JSON, "application/merge-patch+json"})
    @Transactional(dontRollbackOn = {Refusal.class, ProblemException.class}) // still rolled back: RefusalRollback
    @Operation(operationId = "updateOrganization", summary = "Renames the organization and/or changes its key policy, expiry digest or unused-key policy")
    @APIResponse(responseCode = "200", description = "Done", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = OrganizationView.class)),
            extensions = @Extension(name = "x-latchkey-view", value = "io.latchkey.accounts.boundary.OrganizationView"))
    public OrganizationView edit(AccountRequests.OrganizationChanges body) {
        Organization organization = users.organization(currentCaller.get().organizationId());
        if (body.name() == null && body.maxKeyLifetimeDays() == null && body.defaultKeyLifetimeDays() == null
                && body.maxKeysPerUser() == null && body.expiryDigest() == null && body.revokeUnusedAfterDays() == null
                && body.defaultRequestsPerMinute() == null) {
            throw ProblemException.invalid("name", "give name, max_key_lifetime_days, default_key_lifetime_days,"
                    + " max_keys_per_user, expiry_digest, revoke_unused_after_days and/or default_requests_per_minute");
        }
        Integer unused = body.revokeUnusedAfterDays();
        if (unused != null && unused != 0 && unused < Organization.UNUSED_MIN_DAYS) {
            throw ProblemException.invalid("revoke_unused_after_days", AccountRequests.UNUSED_DAYS);
        }
        KeyPolicy current = organization.keyPolicy();
        int max = body.maxKeyLifetimeDays() == null ? current.maxKeyLifetimeDays() : body.maxKeyLifetimeDays();
        int fallback = body.defaultKeyLifetimeDays() == null ? current.defaultKeyLifetimeDays() : body.defaultKeyLifetimeDays();
        int perUser = body.maxKeysPerUser() == null ? current.maxKeysPerUser() : body.maxKeysPerUser();
        if (fallback > max) {
            throw ProblemException.invalid("default_key_lifetime_days", "must not exceed max_key_lifetime_days (" + max + ")");
        }
        Optional<String> name = Optional.ofNullable(body.name()).map(String::strip);
        Optional<DigestSchedule> digest = Optional.ofNullable(body.expiryDigest()).flatMap(DigestSchedule::fromWireName);
        return OrganizationView.of(accounts.changeOrganization(Actor.of(currentCaller), organization.id(), name,
                new KeyPolicy(max, fallback, perUser), digest, Optional.ofNullable(unused),
                Optional.ofNullable(body.defaultRequestsPerMinute())));
    }
}
