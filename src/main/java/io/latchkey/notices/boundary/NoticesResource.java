package io.latchkey.notices.boundary;

import io.latchkey.api.ListQuery;
import io.latchkey.api.Page;
import io.latchkey.caller.Caller;
import io.latchkey.caller.CurrentCaller;
import io.latchkey.notices.control.NoticeStore;
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
import java.util.Locale;

/** {@code GET /api/v1/notices?state=&key_id=}: the organization's expiry notices, for admins (failed ones above all). */
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
        return new Page<>(notices.list(caller.organizationId(), wanted, key, query.limit(), query.offset()).stream()
                .map(NoticeView::of).toList(),
                notices.count(caller.organizationId(), wanted, key), query.limit(), query.offset());
    }
}
