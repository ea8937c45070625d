package io.deepunlearn.service.rest;

/**
 * The problem types this API answers with: one per HTTP status class of error, so a client can switch on
 * {@code type} alone. The URIs are URNs (identifiers, not links); docs/api.md describes each.
 */
public enum ProblemType {
    MALFORMED(400, "malformed-request", "Malformed request"),
    UNAUTHORIZED(401, "unauthorized", "Authentication required"),
    FORBIDDEN(403, "forbidden", "Forbidden"),
    NOT_FOUND(404, "not-found", "Not found"),
    METHOD_NOT_ALLOWED(405, "method-not-allowed", "Method not allowed"),
    NOT_ACCEPTABLE(406, "not-acceptable", "Not acceptable"),
    CONFLICT(409, "conflict", "Conflict"),
    PAYLOAD_TOO_LARGE(413, "payload-too-large", "Payload too large"),
    UNSUPPORTED_MEDIA_TYPE(415, "unsupported-media-type", "Unsupported media type"),
    VALIDATION_FAILED(422, "validation-failed", "Validation failed"),
    INTERNAL(500, "internal-error", "Internal error"),
    UNAVAILABLE(503, "unavailable", "Service unavailable");

    public static final String URN_PREFIX = "urn:deepunlearn:problem:";

    private final int status;
    private final String slug;
    private final String title;

    ProblemType(int status, String slug, String title) {
        this.status = status;
        this.slug = slug;
        this.title = title;
    }

    public int status() {
        return status;
    }

    public String uri() {
        return URN_PREFIX + slug;
    }

    public String title() {
        return title;
    }

    /** The type for an HTTP status; statuses without one of their own fall back to their class (4xx, 5xx). */
    public static ProblemType of(int status) {
        for (ProblemType t : values()) {
            if (t.status == status) {
                return t;
            }
        }
        return status >= 500 ? INTERNAL : MALFORMED;
    }
}
