package io.deepunlearn.unlearner.service;

/** A forget request that cannot be accepted as it is; {@code httpStatus} is the REST answer (400, 404, 422, 413). */
public class RejectedRequestException extends RuntimeException {

    private final int httpStatus;

    public RejectedRequestException(int httpStatus, String reason) {
        super(reason);
        this.httpStatus = httpStatus;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
