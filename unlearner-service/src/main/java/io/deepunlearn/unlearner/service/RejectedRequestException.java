package io.deepunlearn.unlearner.service;

import io.deepunlearn.service.rest.Problem;
import io.deepunlearn.service.rest.ProblemException;
import java.util.List;

/**
 * A forget request that cannot be accepted as it is; {@code httpStatus} is the REST answer (400, 404, 413, 422,
 * 503), written as a problem by the shared mappers. The Kafka door dead-letters it with the same reason.
 */
public class RejectedRequestException extends ProblemException {

    public RejectedRequestException(int httpStatus, String reason) {
        super(httpStatus, reason);
    }

    /** A rejection about one field of the request (the problem's {@code errors} name it). */
    public RejectedRequestException(int httpStatus, String field, String reason) {
        super(httpStatus, reason, List.of(Problem.FieldError.of(field, reason)), null);
    }

    public int httpStatus() {
        return status();
    }
}
