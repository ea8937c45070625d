package io.deepunlearn.trainer.rest;

import io.deepunlearn.pipeline.subjects.SubjectMappingFile;
import io.deepunlearn.service.rest.Problem;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * The error answers of the trainer's upload and registration endpoints, as RFC 9457 problem details through the
 * shared {@link io.deepunlearn.service.rest.Problems} (the same bytes as every other service's errors).
 */
final class Problems {

    private Problems() {
    }

    static Response of(int status, String detail) {
        return io.deepunlearn.service.rest.Problems.response(status, detail, null, null);
    }

    /** A refused mapping file: one field error per bad row, with its 1-based row number and reason. */
    static Response rows(String detail, List<SubjectMappingFile.Problem> rows) {
        List<Problem.FieldError> errors = rows.stream()
                .map(p -> new Problem.FieldError(null, p.reason(), (long) p.row())).toList();
        return io.deepunlearn.service.rest.Problems.response(422, detail, errors, null);
    }
}
