package io.latchkey.identity.boundary;

import io.latchkey.caller.Caller;
import io.latchkey.caller.CurrentCaller;
import io.latchkey.identity.entity.DirectorySyncRun;
import io.latchkey.platform.Refusal;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirementsSet;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code /api/v1/directory/sync}: the directory sync, run now ({@code POST}) or its last result
 * ({@code GET}); for the admins of the directory's organization only.
 */
@Tag(name = "Directory")
@SecurityRequirementsSet(@SecurityRequirement(name = "bearer"))
@SecurityRequirementsSet(@SecurityRequirement(name = "apiKey"))
@SecurityRequirementsSet(@SecurityRequirement(name = "basic"))
@Path("directory/sync")
@RequestScoped
@RolesAllowed("admin")
@Produces(MediaType.APPLICATION_JSON)
public class DirectoryResource {

    /** A run of the sync; {@code error} says why it stopped without deactivating anyone. */
    public record SyncView(String id, String trigger, Instant startedAt, @JsonbNillable Instant finishedAt,
                           @JsonbNillable Integer checked, @JsonbNillable Integer deactivated,
                           @JsonbNillable Integer rolesChanged, @JsonbNillable String error) {

        static SyncView of(DirectorySyncRun run) {
            return new SyncView(run.id(), run.trigger(), run.startedAt(), run.finishedAt(), run.checked(), run.deactivated(),
                    run.rolesChanged(), run.error());
        }
    }

    @Inject
    DirectorySync sync;

    @Inject
    CurrentCaller caller;

    @POST
    @Operation(operationId = "syncDirectory", summary = "Runs the directory sync now and returns what it did")
    @APIResponse(responseCode = "200", description = "Done", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = SyncView.class)),
            extensions = @Extension(name = "x-latchkey-view", value = "io.latchkey.identity.boundary.DirectoryResource$SyncView"))
    @APIResponse(responseCode = "409", description = "No directory is configured, or a sync is running")
    public SyncView run() {
        requireDirectoryOrganization();
        return SyncView.of(sync.runNow());
    }

    @GET
    @Operation(operationId = "getDirectorySync", summary = "The last directory sync's result")
    @APIResponse(responseCode = "200", description = "Done", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = SyncView.class)),
            extensions = @Extension(name = "x-latchkey-view", value = "io.latchkey.identity.boundary.DirectoryResource$SyncView"))
    @APIResponse(responseCode = "404", description = "No sync has run yet")
    @APIResponse(responseCode = "409", description = "No directory is configured")
    public SyncView last() {
        requireDirectoryOrganization();
        return sync.latest().map(SyncView::of).orElseThrow(() -> Refusal.notFound("directory sync", "last"));
    }

    /** 409 {@code directory_not_configured} without a directory; 403 for admins of another organization. */
    private void requireDirectoryOrganization() {
        if (!sync.isConfigured()) {
            throw Refusal.conflict("directory_not_configured", "No LDAP directory is configured (LATCHKEY_LDAP_URL)");
        }
        Caller current = caller.get();
        String organizationId;
        try {
            organizationId = sync.organizationId();
        } catch (Refusal misconfigured) {
            throw Refusal.conflict("directory_not_configured", misconfigured.getMessage());
        }
        if (!organizationId.equals(current.organizationId())) {
            throw Refusal.forbidden("not_directory_organization",
                    "The directory's users belong to another organization; its admins manage the sync");
        }
    }
}
