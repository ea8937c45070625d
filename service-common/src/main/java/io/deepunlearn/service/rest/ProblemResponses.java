package io.deepunlearn.service.rest;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.security.SecurityScheme;

/**
 * Adds the shared error responses ({@link ApiDocumentation}'s names) to every service's OpenAPI document at build
 * time, each an {@code application/problem+json} body of schema {@code Problem}; operations refer to them by name.
 * Also the security schemes operations name: bearer tokens and the per-request capability.
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class ProblemResponses implements OASFilter {

    static final Map<String, String> RESPONSES = new LinkedHashMap<>();

    static {
        RESPONSES.put(ApiDocumentation.BAD_REQUEST,
                "Malformed request: not JSON, a wrong type, an unknown field or a malformed id");
        RESPONSES.put(ApiDocumentation.UNAUTHORIZED, "No valid bearer token (missing, expired, or not signed by the "
                + "trusted issuer)");
        RESPONSES.put(ApiDocumentation.FORBIDDEN, "The token's roles do not allow this operation");
        RESPONSES.put(ApiDocumentation.NOT_FOUND, "No such resource");
        RESPONSES.put(ApiDocumentation.CONFLICT, "Conflicts with the current state of the resource");
        RESPONSES.put(ApiDocumentation.TOO_LARGE, "Body or list larger than the service accepts");
        RESPONSES.put(ApiDocumentation.UNPROCESSABLE,
                "Well-formed but not acceptable: the field errors say which value and why");
        RESPONSES.put(ApiDocumentation.UNAVAILABLE,
                "The object store or the broker did not answer in time; retry after Retry-After seconds");
    }

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getComponents() == null) {
            openAPI.setComponents(OASFactory.createComponents());
        }
        openAPI.getComponents().addSecurityScheme(ApiDocumentation.BEARER, OASFactory.createSecurityScheme()
                .type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("JWT")
                .description("An OIDC access token whose roles (groups) say what the caller may do"));
        openAPI.getComponents().addSecurityScheme(ApiDocumentation.CAPABILITY, OASFactory.createSecurityScheme()
                .type(SecurityScheme.Type.APIKEY).in(SecurityScheme.In.HEADER).name(io.deepunlearn.pipeline.security.RequestAccess.CAPABILITY_HEADER)
                .description("The capability a forget request's 202 returned: opens that request's status and "
                        + "receipt alone"));
        RESPONSES.forEach((name, description) -> {
            if (openAPI.getComponents().getResponses() == null
                    || !openAPI.getComponents().getResponses().containsKey(name)) {
                openAPI.getComponents().addResponse(name, response(name, description));
            }
        });
    }

    private static APIResponse response(String name, String description) {
        APIResponse r = OASFactory.createAPIResponse().description(description)
                .content(OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE, OASFactory.createMediaType()
                        .schema(OASFactory.createSchema().ref("#/components/schemas/Problem"))));
        if (ApiDocumentation.UNAUTHORIZED.equals(name)) {
            r.addHeader("WWW-Authenticate", OASFactory.createHeader().description("The scheme to authenticate with (Bearer)")
                    .schema(OASFactory.createSchema().addType(Schema.SchemaType.STRING)));
        }
        if (ApiDocumentation.UNAVAILABLE.equals(name)) {
            r.addHeader("Retry-After", OASFactory.createHeader().description("Seconds to wait before retrying")
                    .schema(OASFactory.createSchema().addType(Schema.SchemaType.INTEGER)));
        }
        return r;
    }
}
