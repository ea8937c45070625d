package io.deepunlearn.service.rest;

import jakarta.ws.rs.core.Response;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** What resources throw on purpose: answered as the problem it describes. */
@Provider
public class ProblemExceptionMapper implements ExceptionMapper<ProblemException> {

    @Inject
    CurrentVertxRequest uri;

    @Override
    public Response toResponse(ProblemException e) {
        return Problems.response(e.status(), e.getMessage(), e.errors(), uri);
    }
}
