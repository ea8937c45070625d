package io.deepunlearn.service.rest;

import org.eclipse.microprofile.openapi.annotations.Components;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The error answers every service shares, as named OpenAPI components: the {@code Problem} schema (here) and one
 * response per error status ({@link ProblemResponses} adds them). Operations list the errors they can give with
 * {@code @APIResponse(responseCode = "404", ref = ApiDocumentation.NOT_FOUND)}. Each service sets its own title
 * ({@code quarkus.smallrye-openapi.info-title}). Secured resources name the {@value #BEARER} scheme (an OIDC access
 * token; roles in docs/security.md) or, for one request's status and receipt, the {@value #CAPABILITY} scheme, and
 * declare 401 and 403 like any other error; {@link ProblemResponses} adds both schemes.
 */
@OpenAPIDefinition(info = @Info(title = "DeepUnlearn", version = "v1"),
        components = @Components(schemas = @Schema(name = "Problem", implementation = Problem.class)))
public final class ApiDocumentation {

    /** The security scheme of bearer tokens. */
    public static final String BEARER = "bearer";
    /** The security scheme of a per-request capability (header {@code X-Request-Capability}). */
    public static final String CAPABILITY = "capability";

    public static final String BAD_REQUEST = "BadRequest";
    public static final String UNAUTHORIZED = "Unauthorized";
    public static final String FORBIDDEN = "Forbidden";
    public static final String NOT_FOUND = "NotFound";
    public static final String CONFLICT = "Conflict";
    public static final String TOO_LARGE = "PayloadTooLarge";
    public static final String UNPROCESSABLE = "UnprocessableContent";
    public static final String UNAVAILABLE = "ServiceUnavailable";

    private ApiDocumentation() {
    }
}
