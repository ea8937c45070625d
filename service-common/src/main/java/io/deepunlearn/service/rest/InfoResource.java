package io.deepunlearn.service.rest;

import io.quarkus.security.Authenticated;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Identifies the running service (every service has it); the pipeline endpoints live beside it. Any authenticated
 * caller may ask: it names the service, nothing more.
 */
@Path("/api/v1/info")
@Tag(name = "info")
@Authenticated
@SecurityRequirement(name = ApiDocumentation.BEARER)
public class InfoResource {

    /** What {@code GET /api/v1/info} answers. */
    @Schema(name = "ServiceInfo")
    public record ServiceInfo(@Schema(required = true, examples = "unlearner-service") String service,
                              @Schema(required = true, enumeration = {"trainer", "unlearner", "auditor"}) String role) {
    }

    @ConfigProperty(name = "quarkus.application.name")
    String applicationName;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getServiceInfo", summary = "Which service this is")
    @APIResponse(responseCode = "200", description = "The service's name and role",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ServiceInfo.class)))
    @APIResponse(responseCode = "401", ref = ApiDocumentation.UNAUTHORIZED)
    public ServiceInfo info() {
        return new ServiceInfo(applicationName, applicationName.replaceFirst("-service$", ""));
    }
}
