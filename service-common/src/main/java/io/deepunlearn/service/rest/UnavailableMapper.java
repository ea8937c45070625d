package io.deepunlearn.service.rest;

import io.deepunlearn.pipeline.storage.StorageException;
import jakarta.ws.rs.core.Response;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The object store did not answer (or not as expected): 503 with {@code Retry-After}, the client retries. */
@Provider
public class UnavailableMapper implements ExceptionMapper<StorageException> {

    private static final Logger LOG = LoggerFactory.getLogger(UnavailableMapper.class);

    @Inject
    CurrentVertxRequest uri;

    @Override
    public Response toResponse(StorageException e) {
        LOG.warn("answering 503: {}", e.getMessage());
        return Problems.response(503, "storage unavailable: " + Problems.firstLine(e.getMessage()), null, uri);
    }
}
