package io.latchkey.keys.boundary;

import io.latchkey.api.JsonBody;
import io.latchkey.keys.entity.AccessLevel;
import io.latchkey.keys.entity.ApiKey;
import java.util.Optional;

/** The checks on key fields shared by creation and edits. */
final class KeyInput {

    private KeyInput() {
    }

    /** The trimmed description, or null when absent (an error if required). */
    static String description(JsonBody body, boolean required) {
        String description = body.string("description").map(String::strip).orElse(null);
        if (description == null) {
            if (required && !body.has("description")) {
                body.reject("description", "is required");
            } else if (body.has("description") && body.isValid()) {
                body.reject("description", "must not be null");
            }
            return null;
        }
        if (description.isEmpty()) {
            body.reject("description", "must not be blank");
        } else if (description.length() > ApiKey.DESCRIPTION_MAX) {
            body.reject("description", "must be at most " + ApiKey.DESCRIPTION_MAX + " characters");
        } else if (description.chars().anyMatch(Character::isISOControl)) {
            body.reject("description", "must not contain control characters");
        } else {
            return description;
        }
        return null;
    }

    static Optional<AccessLevel> access(JsonBody body) {
        Optional<String> access = body.string("access");
        if (access.isEmpty()) {
            return Optional.empty();
        }
        Optional<AccessLevel> level = AccessLevel.fromWireName(access.get());
        if (level.isEmpty()) {
            body.reject("access", "must be read_only or read_write");
        }
        return level;
    }
}
