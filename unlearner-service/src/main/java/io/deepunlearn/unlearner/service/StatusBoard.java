package io.deepunlearn.unlearner.service;

import io.deepunlearn.pipeline.event.RequestStatus;
import io.deepunlearn.pipeline.event.RequestStatusChanged;
import io.deepunlearn.unlearner.model.RequestView;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every forget request's lifecycle as seen on the compacted status topic (all services report there), replayed
 * from the beginning at start. Serves {@code GET /api/v1/forget-requests/{id}} and the open-request gauges.
 */
public class StatusBoard {

    private final Map<String, RequestView> views = new ConcurrentHashMap<>();

    /** Applies a status change; replays and duplicates are harmless (same step twice is kept once). */
    public void apply(RequestStatusChanged e) {
        views.compute(e.requestId(), (id, old) -> {
            List<RequestView.Step> history = old == null ? new ArrayList<>() : new ArrayList<>(old.history());
            RequestView.Step step = new RequestView.Step(e.status().name(), e.reason(), e.version(), e.at());
            if (!history.contains(step)) {
                history.add(step);
            }
            history.sort(java.util.Comparator.comparing(RequestView.Step::at));
            RequestView.Step last = history.get(history.size() - 1);
            Instant received = old == null ? e.at() : (old.receivedAt().isBefore(e.at()) ? old.receivedAt() : e.at());
            String version = last.version() != null ? last.version() : old == null ? null : old.version();
            return new RequestView(id, e.modelId(), last.status(), last.reason(), version, received, last.at(),
                    List.copyOf(history));
        });
    }

    public Optional<RequestView> find(String requestId) {
        return Optional.ofNullable(views.get(requestId));
    }

    private List<RequestView> open() {
        return views.values().stream().filter(v -> !RequestStatus.valueOf(v.status()).terminal()).toList();
    }

    public int openCount() {
        return open().size();
    }

    /** Age of the oldest request not yet published or failed (0 when none): the GDPR response-time signal. */
    public double oldestOpenAgeSeconds(Instant now) {
        return open().stream().map(RequestView::receivedAt).min(Instant::compareTo)
                .map(t -> Duration.between(t, now).toMillis() / 1000.0).orElse(0.0);
    }
}
