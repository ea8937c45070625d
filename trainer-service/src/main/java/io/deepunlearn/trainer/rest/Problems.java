package io.deepunlearn.trainer.rest;

import jakarta.ws.rs.core.Response;
import java.util.Map;

/** The trainer's error answers: {@code {"error": reason}} with the status (plus details where there are some). */
final class Problems {

    private Problems() {
    }

    static Response of(int status, String reason) {
        return Response.status(status).entity(Map.of("error", reason)).build();
    }

    static Response of(int status, String reason, String detailName, Object details) {
        return Response.status(status).entity(Map.of("error", reason, detailName, details)).build();
    }
}
