package io.deepunlearn.service.rest;

import io.deepunlearn.pipeline.messaging.PublishException;
import jakarta.ws.rs.core.Response;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The broker did not acknowledge in time: 503 with {@code Retry-After}, the client retries. */
@Provider
public class PublishUnavailableMapper implements ExceptionMapper<PublishException> {

    private static final Logger LOG = LoggerFactory.getLogger(PublishUnavailableMapper.class);

    @Inject
    CurrentVertxRequest uri;

    @Override
    public Response toResponse(PublishException e) {
        LOG.warn("answering 503: {}", e.getMessage());
        return Problems.response(503, "event broker unavailable: " + Problems.firstLine(e.getMessage()), null, uri);
    }
}
