package io.latchkey.leaks;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One item of GitHub's secret-scanning partner body, as the OpenAPI document describes it. Read by
 * {@link LeakReportBody}, which ignores fields GitHub may add later.
 */
@Schema(name = "LeakFinding", description = "A secret found somewhere (GitHub secret scanning partner format)")
public record LeakFinding(
        @Schema(required = true, description = "The secret as found") String token,
        @Schema(description = "The scanner's name for the kind of secret") String type,
        @Schema(description = "Where it was found") String url,
        @Schema(description = "What found it, e.g. content, commit, issue") String source) {

    @Override
    public String toString() {
        return "LeakFinding[token=<hidden>, type=" + type + ", url=" + url + ", source=" + source + "]";
    }
}
