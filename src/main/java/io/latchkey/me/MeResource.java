package io.latchkey.me;

import io.latchkey.accounts.control.UserStore;
import io.latchkey.accounts.entity.Role;
import io.latchkey.accounts.entity.User;
import io.latchkey.caller.Caller;
import io.latchkey.caller.CurrentCaller;
import io.latchkey.keys.control.KeyStore;
import io.latchkey.api.OpenToScopedKeys;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirementsSet;

/** {@code /api/v1/me}: who the caller is, their key quota, and how they authenticated. */
@Tag(name = "Me")
@SecurityRequirementsSet(@SecurityRequirement(name = "bearer"))
@SecurityRequirementsSet(@SecurityRequirement(name = "apiKey"))
@SecurityRequirementsSet(@SecurityRequirement(name = "basic"))
@Path("me")
@OpenToScopedKeys
@RequestScoped
@RolesAllowed({"admin", "token-manager", "member"})
@Produces(MediaType.APPLICATION_JSON)
public class MeResource {

    @Inject
    CurrentCaller currentCaller;

    @Inject
    UserStore users;

    @Inject
    KeyStore keys;

    @Inject
    Clock clock;

    public record Me(String id, String email, String name, List<String> roles, OrganizationRef organization,
                     Quota keyQuota, Policy keyPolicy, Authentication authentication) {
    }

    /** The limits a new key of this caller must respect (for the console's expiry picker). */
    public record Policy(int maxKeyLifetimeDays, int defaultKeyLifetimeDays) {
    }

    public record OrganizationRef(String id, String name) {
    }

    public record Quota(long used, int max) {
    }

    public record Authentication(String method, String keyId, String access) {
    }

    @GET
    @Operation(operationId = "getMe", summary = "Who the caller is, their key quota and policy, and how they authenticated")
    @APIResponse(responseCode = "200", description = "Done", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = Me.class)),
            extensions = @Extension(name = "x-latchkey-view", value = "io.latchkey.me.MeResource$Me"))
    public Me me() {
        Caller caller = currentCaller.get();
        User user = users.get(caller.organizationId(), caller.userId());
        var organization = user.organization();
        return new Me(user.id(), user.email(), user.name(),
                user.roles().stream().map(Role::wireName).sorted().toList(),
                new OrganizationRef(organization.id(), organization.name()),
                new Quota(keys.activeKeysOf(user.id(), clock.instant()), organization.keyPolicy().maxKeysPerUser()),
                new Policy(organization.keyPolicy().maxKeyLifetimeDays(), organization.keyPolicy().defaultKeyLifetimeDays()),
                new Authentication(caller.method().wireName(), caller.keyId(),
                        caller.access()));
    }
}
