package io.latchkey.audit.boundary;

import io.latchkey.audit.entity.EventType;
import java.util.Arrays;
import java.util.stream.Collectors;
import io.latchkey.api.ListQuery;
import io.latchkey.api.Page;
import io.latchkey.audit.control.AuditLog;
import io.latchkey.caller.CurrentCaller;
import io.latchkey.problems.Problem.FieldError;
import io.latchkey.problems.ProblemException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
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
 * {@code GET /api/v1/audit?key_id=&actor_id=&via_key_id=&type=&since=&until=}: the organization's key events,
 * newest first, for admins; {@code via_key_id}: what was done with that key (the events it authenticated). {@code since} is inclusive, {@code until} exclusive (ISO-8601 date-times).
 */
@Tag(name = "Audit")
@SecurityRequirementsSet(@SecurityRequirement(name = "bearer"))
@SecurityRequirementsSet(@SecurityRequirement(name = "apiKey"))
@SecurityRequirementsSet(@SecurityRequirement(name = "basic"))
@Path("audit")
@RequestScoped
@RolesAllowed("admin")
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {


    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    @Inject
    CurrentCaller currentCaller;

    @Inject
    AuditLog audit;

    @GET
    @Operation(operationId = "listAuditEvents", summary = "The organization's events, newest first")
    @APIResponse(responseCode = "200", description = "One page", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(type = SchemaType.ARRAY, implementation = EventView.class)),
            extensions = @Extension(name = "x-latchkey-view", value = "io.latchkey.audit.boundary.EventView[]"))
    public Page<EventView> search(@QueryParam("key_id") String keyId, @QueryParam("actor_id") String actorId,
                                  @QueryParam("via_key_id") String viaKeyId,
                                  @QueryParam("type") String type, @QueryParam("since") String since,
                                  @QueryParam("until") String until, @QueryParam("limit") String limit,
                                  @QueryParam("offset") String offset) {
        ListQuery query = ListQuery.parse(limit, offset);
        List<FieldError> errors = new ArrayList<>();
        if (type != null && !type.isEmpty() && EventType.fromWireName(type).isEmpty()) {
            errors.add(new FieldError("type", "must be one of " + Arrays.stream(EventType.values())
                    .map(EventType::wireName).sorted().collect(Collectors.joining(", "))));
        }
        Instant from = instant("since", since, errors);
        Instant to = instant("until", until, errors);
        if (from != null && to != null && !from.isBefore(to)) {
            errors.add(new FieldError("until", "must be after since"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        AuditLog.Search search = new AuditLog.Search(currentCaller.get().organizationId(), blankToNull(keyId),
                blankToNull(actorId), blankToNull(viaKeyId), blankToNull(type), from, to);
        return new Page<>(audit.search(search, query.limit(), query.offset()).stream().map(EventView::of).toList(),
                audit.count(search), query.limit(), query.offset());
    }

    private static Instant instant(String field, String value, List<FieldError> errors) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            Instant instant = OffsetDateTime.parse(value).toInstant();
            if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
                errors.add(new FieldError(field, "must be between years 1 and 9999"));
                return null;
            }
            return instant;
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(field, "must be an ISO-8601 date-time with offset, e.g. 2027-01-31T00:00:00Z"));
            return null;
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
