package io.deepunlearn.campaign;

import com.fasterxml.jackson.databind.JsonNode;
import io.deepunlearn.core.bench.Environment;
import io.deepunlearn.core.bench.ReportWriter;

/** The worker's machine facts (captured once: git and /proc are not read per cell), recorded in each result. */
final class Environments {

    private static volatile JsonNode current;

    private Environments() {
    }

    static JsonNode current() {
        if (current == null) {
            current = ReportWriter.json().valueToTree(Environment.capture());
        }
        return current;
    }
}
