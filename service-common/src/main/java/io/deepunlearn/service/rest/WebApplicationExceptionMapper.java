package io.deepunlearn.service.rest;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * The REST layer's own errors (unknown path 404, 405, 406, 415, a parameter that does not convert) as problems,
 * keeping their status and headers (e.g. {@code Allow} on 405).
 */
@Provider
public class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {

    @Inject
    CurrentVertxRequest uri;

    @Override
    public Response toResponse(WebApplicationException e) {
        Response original = e.getResponse();
        int status = original == null ? 500 : original.getStatus();
        Response problem = Problems.response(status, Problems.firstLine(e.getMessage()), null, uri);
        if (original == null) {
            return problem;
        }
        Response.ResponseBuilder out = Response.fromResponse(problem);
        original.getStringHeaders().forEach((name, values) -> {
            if (!"Content-Type".equalsIgnoreCase(name) && !"Content-Length".equalsIgnoreCase(name)) {
                values.forEach(v -> out.header(name, v));
            }
        });
        return out.build();
    }
}
