package io.deepunlearn.service.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * An error answer as RFC 9457 "problem details" ({@code application/problem+json}). {@code type} identifies the
 * kind of problem ({@link ProblemType}; stable, for clients to switch on), {@code title} its summary,
 * {@code status} the HTTP status, {@code detail} this occurrence, {@code instance} the request path. Extension
 * member {@code errors} lists what was wrong with which field (or row of an uploaded file).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "Problem", description = "RFC 9457 problem details (media type application/problem+json)")
public record Problem(
        @Schema(required = true, description = "URI of the problem type, e.g. urn:deepunlearn:problem:validation-failed",
                examples = "urn:deepunlearn:problem:validation-failed") String type,
        @Schema(required = true, description = "Short summary of the problem type") String title,
        @Schema(required = true, description = "HTTP status code", minimum = "100", maximum = "599") int status,
        @Schema(description = "What went wrong in this occurrence") String detail,
        @Schema(description = "The request path this problem occurred on") String instance,
        @Schema(description = "Extension member: the invalid fields or rows") List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** One invalid input: a JSON field (dotted path) or, for uploaded files, a row (1-based). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "FieldError", description = "An invalid field of the request body or row of an uploaded file")
    public record FieldError(
            @Schema(description = "JSON field (dotted path) or column the error is about") String field,
            @Schema(required = true, description = "Why the value is invalid") String message,
            @Schema(description = "1-based row of an uploaded file, when the input is a file") Long row) {

        public static FieldError of(String field, String message) {
            return new FieldError(field, message, null);
        }
    }
}
