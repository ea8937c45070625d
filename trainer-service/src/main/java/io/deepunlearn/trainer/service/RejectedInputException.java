package io.deepunlearn.trainer.service;

/** Input the trainer refuses, with the HTTP status that says why (400 malformed, 404, 409 conflict, 422 invalid). */
public class RejectedInputException extends io.deepunlearn.service.rest.ProblemException {

    public RejectedInputException(int status, String reason) {
        super(status, reason);
    }
}
