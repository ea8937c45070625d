package io.deepunlearn.trainer.model;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The OpenAPI schema of a subject-mapping file: the resource reads it as raw bytes (it is CSV or JSON Lines, not one
 * JSON document), so this type exists only to name and describe the body in the API document.
 */
@Schema(name = "SubjectMappingFile", type = SchemaType.STRING, format = "binary",
        description = "CSV with the header 'sample_id,subject_id', or JSON Lines of {\"sampleId\": n, \"subjectId\": \"...\"}")
public final class MappingFileBody {
    private MappingFileBody() {
    }
}
