package io.latchkey.leaks;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The partner body as a whole, an array of at most 100 findings: only the OpenAPI document names it. */
@Schema(name = "LeakFindings", type = SchemaType.ARRAY, implementation = LeakFinding.class,
        maxItems = LeakReportBody.MAX_ITEMS)
public final class LeakFindings {

    private LeakFindings() {
    }
}
