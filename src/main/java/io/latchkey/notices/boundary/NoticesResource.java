package io.latchkey.notices.boundary;

import io.latchkey.api.ListQuery;
import io.latchkey.api.Page;
import io.latchkey.caller.Caller;
import io.latchkey.caller.CurrentCaller;
import io.latchkey.notices.control.NoticeStore;
import io.latchkey.notices.entity.ExpiryNotice;
import io.latchkey.notices.entity.NoticeEscalation;
import io.latchkey.notices.entity.NoticeState;
import io.latchkey.problems.ProblemException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirementsSet;

/**
 * {@code GET /api/v1/notices?state=&key_id=}: the organization's expiry notices, for admins (failed ones
 * above all), each with its escalation to the admins if it had one.
 */
@Tag(name = "Notices")
@SecurityRequirementsSet(@SecurityRequirement(name = "bearer"))
@SecurityRequirementsSet(@SecurityRequirement(name = "apiKey"))
@SecurityRequirementsSet(@SecurityRequirement(name = "basic"))
@Path("notices")
@RequestScoped
@RolesAllowed("admin")
@Produces(MediaType.APPLICATION_JSON)
public class NoticesResource {

    @Inject
    CurrentCaller currentCaller;

    @Inject
    NoticeStore notices;

    @GET
    @Operation(operationId = "listNotices", summary = "The organization's expiry notices, newest first")
    @APIResponse(responseCode = "200", description = "One page", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(type = SchemaType.ARRAY, implementation = NoticeView.class)),
            extensions = @Extension(name = "x-latchkey-view", value = "io.latchkey.notices.boundary.NoticeView[]"))
    public Page<NoticeView> list(@QueryParam("state") String state, @QueryParam("key_id") String keyId,
                                 @QueryParam("limit") String limit, @QueryParam("offset") String offset) {
        Caller caller = currentCaller.get();
        ListQuery query = ListQuery.parse(limit, offset);
        NoticeState wanted = null;
        if (state != null && !state.isEmpty()) {
            wanted = Arrays.stream(NoticeState.values()).filter(s -> s.wireName().equals(state)).findFirst()
                    .orElseThrow(() -> ProblemException.invalid("state", "must be one of "
                            + String.join(", ", Arrays.stream(NoticeState.values()).map(NoticeState::wireName).toList())));
        }
        String key = keyId == null || keyId.isEmpty() ? null : keyId.toLowerCase(Locale.ROOT);
        List<ExpiryNotice> page = notices.list(caller.organizationId(), wanted, key, query.limit(), query.offset());
        Map<String, NoticeEscalation> escalations = notices.escalationsOf(page.stream().map(ExpiryNotice::id).toList());
        return new Page<>(page.stream().map(n -> NoticeView.of(n, escalations.get(n.id()))).toList(),
                notices.count(caller.organizationId(), wanted, key), query.limit(), query.offset());
    }
}
