package io.latchkey.accounts.boundary;

import io.latchkey.audit.entity.Actor;
import io.latchkey.accounts.control.Accounts;
import io.latchkey.accounts.control.UserStore;
import io.latchkey.accounts.entity.KeyPolicy;
import io.latchkey.accounts.entity.Organization;
import io.latchkey.api.JsonBody;
import io.latchkey.caller.CurrentCaller;
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
import java.io.InputStream;
import java.util.Optional;
import java.util.Set;

/**
 * {@code /api/v1/organization}: the caller's organization and its key policy, for admins.
 *
 * <p>A policy change applies to keys created or regenerated afterwards. Lowering the maximum lifetime
 * never shortens an existing key: it keeps the expiry it was given until it is regenerated.
 */
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
    public OrganizationView get() {
        return OrganizationView.of(users.organization(currentCaller.get().organizationId()));
    }

    @PATCH
    @Consumes({MediaType.APPLICATION_JSON, "application/merge-patch+json"})
    @Transactional
    public OrganizationView edit(InputStream in) {
        Organization organization = users.organization(currentCaller.get().organizationId());
        JsonBody body = JsonBody.read(in, true,
                Set.of("name", "max_key_lifetime_days", "default_key_lifetime_days", "max_keys_per_user"));
        Optional<String> name = UserInput.name(body);
        KeyPolicy current = organization.keyPolicy();
        int max = body.integer("max_key_lifetime_days", 1, Organization.LIFETIME_CEILING_DAYS)
                .orElse(current.maxKeyLifetimeDays());
        int fallback = body.integer("default_key_lifetime_days", 1, Organization.LIFETIME_CEILING_DAYS)
                .orElse(current.defaultKeyLifetimeDays());
        int perUser = body.integer("max_keys_per_user", 1, 100_000).orElse(current.maxKeysPerUser());
        if (body.isValid() && body.has("max_key_lifetime_days") == false && body.has("default_key_lifetime_days") == false
                && body.has("max_keys_per_user") == false && name.isEmpty()) {
            body.reject("name", "give name, max_key_lifetime_days, default_key_lifetime_days and/or max_keys_per_user");
        }
        if (body.isValid() && fallback > max) {
            body.reject("default_key_lifetime_days", "must not exceed max_key_lifetime_days (" + max + ")");
        }
        body.check();
        return OrganizationView.of(accounts.changeOrganization(Actor.of(currentCaller), organization.id(), name,
                new KeyPolicy(max, fallback, perUser)));
    }
}
