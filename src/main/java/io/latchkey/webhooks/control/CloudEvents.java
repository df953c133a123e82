package io.latchkey.webhooks.control;

import io.latchkey.webhooks.entity.WebhookEvent;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.time.Instant;

/** Deliveries in the CloudEvents 1.0 structured JSON format ({@code application/cloudevents+json}). */
public final class CloudEvents {

    public static final String MEDIA_TYPE = "application/cloudevents+json";

    private CloudEvents() {
    }

    static String structured(String id, String organizationId, WebhookEvent kind, String subject, Instant at, JsonObject data) {
        return Json.createObjectBuilder()
                .add("specversion", "1.0")
                .add("id", id)
                .add("source", "/latchkey/organizations/" + organizationId)
                .add("type", kind.cloudEventType())
                .add("subject", subject)
                .add("time", at.toString())
                .add("datacontenttype", "application/json")
                .add("data", data)
                .build().toString();
    }
}
