package io.latchkey.webhooks.boundary;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.List;

/**
 * The request bodies of {@code /api/v1/webhooks}, as the platform binds and validates them. Which events exist,
 * and where a URL may point, the boundary and {@code Targets} check.
 */
public final class WebhookRequests {

    static final String URL = "(?s)[^\\p{Cc}\\s]{1,2000}";
    static final String URL_MESSAGE = "must be an http or https URL of at most 2000 characters";
    static final String DESCRIPTION = "(?s)[^\\p{Cc}]{0,200}";
    static final String DESCRIPTION_MESSAGE = "must be at most 200 characters, without control characters";

    private WebhookRequests() {
    }

    /** {@code POST /webhooks}. */
    public record NewWebhook(
            @NotNull(message = "is required") @Pattern(regexp = URL, message = URL_MESSAGE) String url,
            @Pattern(regexp = DESCRIPTION, message = DESCRIPTION_MESSAGE) String description,
            @NotNull(message = "is required") List<String> events) {
    }

    /** {@code PATCH /webhooks/{id}}: absent means unchanged; {@code events} replaces the whole list. */
    public record WebhookChanges(
            @Pattern(regexp = URL, message = URL_MESSAGE) String url,
            @Pattern(regexp = DESCRIPTION, message = DESCRIPTION_MESSAGE) String description,
            List<String> events,
            Boolean active) {
    }
}
