package io.deepunlearn.service.rest;

import jakarta.ws.rs.core.Response;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Anything else is a bug: 500 as a problem whose detail names no internals (the log has the stack trace).
 * More specific mappers (these, and the framework's, e.g. security's 401/403) win over this one.
 */
@Provider
public class UnexpectedExceptionMapper implements ExceptionMapper<RuntimeException> {

    private static final Logger LOG = LoggerFactory.getLogger(UnexpectedExceptionMapper.class);

    @Inject
    CurrentVertxRequest uri;

    @Override
    public Response toResponse(RuntimeException e) {
        LOG.error("unexpected error answering a request", e);
        return Problems.response(500, "unexpected error (logged on the server)", null, uri);
    }
}
