package io.deepunlearn.trainer.model;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** {@code GET /api/v1/models/{id}/versions}: one page of versions, oldest first, and the next page's token. */
@Schema(name = "ModelVersionPage")
public record ModelVersionPage(@Schema(required = true) List<ModelVersionView> items,
                               @Schema(description = "Pass as pageToken for the next page; absent on the last page")
                               String nextPageToken) {
}
