package io.deepunlearn.service.rest;

import java.util.List;

/**
 * An error a resource answers with: the HTTP status, what went wrong ({@code detail}) and, optionally, the invalid
 * fields. {@link ProblemExceptionMapper} writes it as {@link Problem}; resources throw instead of building error
 * responses themselves.
 */
public class ProblemException extends RuntimeException {

    private final int status;
    private final List<Problem.FieldError> errors;

    public ProblemException(int status, String detail) {
        this(status, detail, null, null);
    }

    public ProblemException(int status, String detail, List<Problem.FieldError> errors, Throwable cause) {
        super(detail, cause);
        this.status = status;
        this.errors = errors == null || errors.isEmpty() ? null : List.copyOf(errors);
    }

    public static ProblemException badRequest(String detail) {
        return new ProblemException(400, detail);
    }

    /** 401: no valid credentials (the answer carries {@code WWW-Authenticate: Bearer}). */
    public static ProblemException unauthorized(String detail) {
        return new ProblemException(401, detail);
    }

    /** 403: authenticated, but the caller's roles do not allow it. */
    public static ProblemException forbidden(String detail) {
        return new ProblemException(403, detail);
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(404, detail);
    }

    public static ProblemException conflict(String detail) {
        return new ProblemException(409, detail);
    }

    /** 422: well-formed, but a field's value is not acceptable. */
    public static ProblemException invalid(String field, String message) {
        return new ProblemException(422, field + ": " + message, List.of(Problem.FieldError.of(field, message)), null);
    }

    public static ProblemException unavailable(String detail, Throwable cause) {
        return new ProblemException(503, detail, null, cause);
    }

    public int status() {
        return status;
    }

    public List<Problem.FieldError> errors() {
        return errors;
    }
}
