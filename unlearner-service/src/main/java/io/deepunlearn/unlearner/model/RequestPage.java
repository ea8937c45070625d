package io.deepunlearn.unlearner.model;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** {@code GET /api/v1/forget-requests}: one page of requests and the token of the next (absent on the last page). */
@Schema(name = "ForgetRequestPage")
public record RequestPage(@Schema(required = true) List<RequestView> items,
                          @Schema(description = "Pass as pageToken for the next page; absent on the last page")
                          String nextPageToken) {
}
