package io.deepunlearn.service.rest;

import org.eclipse.microprofile.openapi.annotations.Components;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeIn;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/**
 * The error answers every service shares, as named OpenAPI components: the {@code Problem} schema (here) and one
 * response per error status ({@link ProblemResponses} adds them). Operations list the errors they can give with
 * {@code @APIResponse(responseCode = "404", ref = ApiDocumentation.NOT_FOUND)}. Each service sets its own title
 * ({@code quarkus.smallrye-openapi.info-title}). Secured resources name the {@value #BEARER} scheme (an OIDC access
 * token; roles in docs/security.md) and declare 401 and 403 like any other error.
 */
@OpenAPIDefinition(info = @Info(title = "DeepUnlearn", version = "v1"),
        components = @Components(schemas = @Schema(name = "Problem", implementation = Problem.class),
                securitySchemes = {
                        @SecurityScheme(securitySchemeName = ApiDocumentation.BEARER, type = SecuritySchemeType.HTTP,
                                scheme = "bearer", bearerFormat = "JWT",
                                description = "An OIDC access token whose roles (groups) name what the caller may do"),
                        @SecurityScheme(securitySchemeName = ApiDocumentation.CAPABILITY,
                                type = SecuritySchemeType.APIKEY, in = SecuritySchemeIn.HEADER,
                                apiKeyName = "X-Request-Capability",
                                description = "The capability a forget request's 202 returned: opens that request "
                                        + "(status and receipt) alone")}))
public final class ApiDocumentation {

    /** The security scheme of bearer tokens. */
    public static final String BEARER = "bearer";
    /** The security scheme of a per-request capability. */
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
