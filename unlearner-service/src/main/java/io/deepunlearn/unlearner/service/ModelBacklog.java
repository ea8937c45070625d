package io.deepunlearn.unlearner.service;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Coalesced batches waiting for the single runner, per model. A batch whose window closes while the runner is
 * busy joins what already waits for that model, so everything that piled up during a run becomes one run instead
 * of one run per window: under sustained load the number of runs follows the run time, not the arrival rate.
 */
public class ModelBacklog<T> {

    private final Map<String, List<T>> waiting = new HashMap<>();

    /**
     * Adds a batch; returns true when nothing waited for this model, i.e. when the caller must queue one task that
     * will {@link #take} it (otherwise the task already queued takes this batch too).
     */
    public synchronized boolean add(String key, List<T> items) {
        List<T> list = waiting.get(key);
        if (list == null) {
            waiting.put(key, new ArrayList<>(items));
            return true;
        }
        list.addAll(items);
        return false;
    }

    /** Everything waiting for this model, in arrival order (empty when nothing waits). */
    public synchronized List<T> take(String key) {
        List<T> list = waiting.remove(key);
        return list == null ? List.of() : List.copyOf(list);
    }

    public synchronized int size() {
        return waiting.values().stream().mapToInt(List::size).sum();
    }
}
