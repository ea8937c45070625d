package io.deepunlearn.campaign;

import com.fasterxml.jackson.databind.JsonNode;

/** Runs one cell of a campaign's kind and returns what its result object carries. */
public interface CellRunner {

    /** A cell's outcome: {@code error} is null when it succeeded; {@code payload} is what collect reads. */
    record Outcome(String error, JsonNode payload) {
        public static Outcome ok(JsonNode payload) {
            return new Outcome(null, payload);
        }

        public static Outcome failed(String error, JsonNode payload) {
            return new Outcome(error, payload);
        }
    }

    /**
     * Runs {@code cell}. An exception from the object store propagates (the worker stops and another one reclaims
     * the cell once its lease expires); any other exception is recorded as the cell's failure.
     */
    Outcome run(Cell cell);

    /** The outcome of a cell given up after {@code attempts} attempts whose workers all died. */
    Outcome abandoned(Cell cell, String reason);
}
