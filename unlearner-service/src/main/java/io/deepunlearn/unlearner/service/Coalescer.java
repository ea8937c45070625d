package io.deepunlearn.unlearner.service;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * Groups items by key: the first item for a key opens a window of {@code window}; everything for that key that
 * arrives before the window closes is handed over together ({@code sink.accept(key, items)}), on the scheduler's
 * thread. Under a burst of forget requests for one model this turns N unlearning runs into one.
 */
public class Coalescer<T> {

    private final Duration window;
    private final ScheduledExecutorService scheduler;
    private final BiConsumer<String, List<T>> sink;
    private final Map<String, List<T>> pending = new HashMap<>();

    public Coalescer(Duration window, ScheduledExecutorService scheduler, BiConsumer<String, List<T>> sink) {
        if (window.isNegative()) {
            throw new IllegalArgumentException("coalescing window must not be negative: " + window);
        }
        this.window = window;
        this.scheduler = scheduler;
        this.sink = sink;
    }

    public void submit(String key, T item) {
        boolean opened;
        synchronized (pending) {
            List<T> items = pending.get(key);
            opened = items == null;
            if (opened) {
                items = new ArrayList<>();
                pending.put(key, items);
            }
            items.add(item);
        }
        if (opened) {
            scheduler.schedule(() -> flush(key), window.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void flush(String key) {
        List<T> items;
        synchronized (pending) {
            items = pending.remove(key);
        }
        if (items != null && !items.isEmpty()) {
            sink.accept(key, List.copyOf(items));
        }
    }

    /** Items waiting in open windows. */
    public int waiting() {
        synchronized (pending) {
            return pending.values().stream().mapToInt(List::size).sum();
        }
    }
}
