package io.deepunlearn.service.rest;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses a body whose declared length exceeds {@code quarkus.http.limits.max-body-size} with a 413 problem,
 * before a byte of it is read. Quarkus refuses it too, but with an empty body; this filter runs ahead of that check
 * (Quarkus's is a route of order -2, a filter's order is minus its priority) so the client gets the same
 * {@code application/problem+json} as for every other error. Chunked bodies without a length are still cut at
 * the limit by Quarkus while they are read.
 */
@ApplicationScoped
public class BodyLimitFilter {

    /** Ahead of Quarkus's own body-size route (order -2). */
    static final int PRIORITY = 100;

    @ConfigProperty(name = "quarkus.http.limits.max-body-size")
    Optional<MemorySize> maxBodySize;

    void register(@Observes Filters filters) {
        maxBodySize.ifPresent(limit -> filters.register(rc -> check(rc, limit.asLongValue()), PRIORITY));
    }

    private static void check(RoutingContext rc, long limit) {
        String declared = rc.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        long length;
        try {
            length = declared == null ? -1 : Long.parseLong(declared.trim());
        } catch (NumberFormatException e) {
            length = -1; // the HTTP codec answers malformed lengths itself
        }
        if (length <= limit) {
            rc.next();
            return;
        }
        byte[] body = io.deepunlearn.pipeline.messaging.EventCodec.encode(Problems.problem(413,
                "body of " + length + " bytes exceeds the limit of " + limit + " bytes", null, rc.request().path()));
        // the unread body stays on the connection: close it rather than drain it
        rc.response().setStatusCode(413).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .putHeader(HttpHeaders.CONNECTION, "close").end(io.vertx.core.buffer.Buffer.buffer(body));
    }
}
