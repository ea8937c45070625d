package io.deepunlearn.auditor.rest;

import io.quarkus.security.Authenticated;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Identifies the running service; the pipeline endpoints live beside it. */
/* any authenticated caller: it names the service, nothing more */
@Authenticated
@Path("/api/v1/info")
public class InfoResource {

    @ConfigProperty(name = "quarkus.application.name")
    String applicationName;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, String> info() {
        return Map.of("service", applicationName, "role", "auditor");
    }
}
