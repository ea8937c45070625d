package io.deepunlearn.campaign;

import io.deepunlearn.pipeline.storage.StorageException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retries an object-store call that failed transiently (a timeout on a busy server, MinIO restarting) with
 * exponential backoff: 1, 2, 4, 8 and 16 s, then the last error propagates. Conditional creates stay correct
 * under retry: a create that succeeded but whose answer was lost fails its retry with "exists", which the callers
 * read as "someone else has it" (a claim then expires unused; a result is then the first writer's).
 */
final class StoreRetry {

    private static final Logger LOG = LoggerFactory.getLogger(StoreRetry.class);
    static final int ATTEMPTS = 6;

    private StoreRetry() {
    }

    static <T> T call(String what, Supplier<T> op) {
        long backoff = 1000;
        for (int attempt = 1; ; attempt++) {
            try {
                return op.get();
            } catch (StorageException e) {
                if (attempt >= ATTEMPTS) {
                    throw e;
                }
                LOG.warn("{} failed (attempt {} of {}, retried in {} s): {}", what, attempt, ATTEMPTS, backoff / 1000,
                        e.getMessage());
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                backoff *= 2;
            }
        }
    }
}
