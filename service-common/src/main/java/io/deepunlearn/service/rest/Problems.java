package io.deepunlearn.service.rest;

import io.deepunlearn.pipeline.messaging.EventCodec;
import jakarta.ws.rs.core.Response;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import java.util.List;

/** Builds {@code application/problem+json} responses; the one place that knows the format. */
public final class Problems {

    /** Seconds a client should wait before retrying a 503 (the S3/broker client timeouts are ~10 s). */
    public static final int RETRY_AFTER_SECONDS = 5;

    private Problems() {
    }

    public static Problem problem(int status, String detail, List<Problem.FieldError> errors, String instance) {
        ProblemType type = ProblemType.of(status);
        return new Problem(type.uri(), type.title(), status, detail, instance, errors);
    }

    /**
     * The response for a problem. The body is serialised here (not left to the REST layer's content negotiation),
     * so every error has the same bytes whatever the client's {@code Accept} says.
     */
    public static Response response(int status, String detail, List<Problem.FieldError> errors,
                                    CurrentVertxRequest uri) {
        Problem p = problem(status, detail, errors, instance(uri));
        Response.ResponseBuilder r = Response.status(status).type(Problem.MEDIA_TYPE).entity(EventCodec.encode(p));
        if (status == 503) {
            r.header("Retry-After", RETRY_AFTER_SECONDS);
        }
        if (status == 401) {
            r.header("WWW-Authenticate", "Bearer");
        }
        return r.build();
    }

    /** The request's path as the client sent it (percent-encoding kept), or null outside a request. */
    private static String instance(CurrentVertxRequest request) {
        try {
            return request == null || request.getCurrent() == null ? null : request.getCurrent().request().path();
        } catch (RuntimeException e) {
            return null; // no request context
        }
    }

    /** First line of an exception message: parser messages carry source excerpts that do not belong in an answer. */
    public static String firstLine(String s) {
        if (s == null) {
            return null;
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
