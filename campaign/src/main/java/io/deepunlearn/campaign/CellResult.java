package io.deepunlearn.campaign;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The one result object of a cell, written once ({@code If-None-Match: *}) by the worker that ran it. A cell whose
 * code failed (a method that throws) still has a result, with status "failed": like the single-machine benchmark,
 * the campaign records the failure and goes on; so does a cell abandoned after too many lost attempts.
 *
 * @param attempt   the lease generation that ran it (0 = first claim; more = reclaimed from dead workers)
 * @param seconds   wall time of the cell on its worker (the ETA's unit of work)
 * @param payload   what the campaign's kind collects (bench: the runs, and for reference cells the dataset facts)
 */
public record CellResult(int schemaVersion, String cell, String kind, String status, String error, String worker,
                         int attempt, double seconds, JsonNode environment, JsonNode payload) {

    public static final int SCHEMA_VERSION = 1;
    public static final String OK = "ok";
    public static final String FAILED = "failed";

    public boolean ok() {
        return OK.equals(status);
    }
}
