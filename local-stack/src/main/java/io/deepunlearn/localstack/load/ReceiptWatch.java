package io.deepunlearn.localstack.load;

import io.deepunlearn.pipeline.storage.EvidenceStore;
import java.util.Collection;
import java.util.function.Supplier;

/**
 * Notices receipts as they appear in the evidence bucket with one listing call every {@code intervalMillis}
 * (not one poll per request): the first listing that holds {@code receipts/{id}.json} dates that receipt.
 */
public final class ReceiptWatch implements AutoCloseable {

    /** The evidence store's receipt prefix (the services write {@code receipts/{id}.json}). */
    public static final String PREFIX = EvidenceStore.RECEIPTS_PREFIX;

    private final Supplier<Collection<String>> listKeys;
    private final PipelineObservations observations;
    private final long intervalMillis;
    private final Thread thread;
    private volatile boolean running = true;

    public ReceiptWatch(Supplier<Collection<String>> listKeys, PipelineObservations observations, long intervalMillis) {
        this.listKeys = listKeys;
        this.observations = observations;
        this.intervalMillis = intervalMillis;
        this.thread = new Thread(this::loop, "receipt-watch");
        this.thread.setDaemon(true);
    }

    public ReceiptWatch start() {
        thread.start();
        return this;
    }

    /** One listing: records every receipt not seen before with the time the listing returned. */
    public void scan() {
        Collection<String> keys = listKeys.get();
        long now = System.nanoTime();
        for (String key : keys) {
            if (key.startsWith(PREFIX) && key.endsWith(".json")) {
                observations.receiptSeen(key.substring(PREFIX.length(), key.length() - ".json".length()), now);
            }
        }
    }

    private void loop() {
        while (running) {
            try {
                scan();
            } catch (RuntimeException e) {
                // the bucket may not exist before the first audit; try again next round
            }
            try {
                Thread.sleep(intervalMillis);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
