package io.deepunlearn.auditor.service;

import io.deepunlearn.pipeline.event.AuditMetrics;
import io.deepunlearn.pipeline.event.UliraFigures;

/** What {@link ModelEvaluator} measured: the population figures (with the control) and the per-sample test. */
public record Evaluation(AuditMetrics metrics, UliraFigures ulira) {
}
