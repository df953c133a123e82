package io.latchkey.leaks;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The simple body: {@code {"keys": ["lk_…"]}} (for the OpenAPI document; read by {@link LeakReportBody}). */
@Schema(name = "LeakKeys", description = "Secrets found somewhere: keys, at most 100")
public record LeakKeys(List<String> keys) {

    @Override
    public String toString() {
        return "LeakKeys[" + (keys == null ? 0 : keys.size()) + " keys hidden]";
    }
}
