package io.deepunlearn.cli.stack;

import java.util.Map;

/**
 * The service settings of a chaos run: fast, small unlearning (FT, one epoch) and short recovery clocks, so that
 * what a fault interrupts is re-driven within seconds and a dead consumer's partitions move after 6 s, not 45 s.
 */
final class ChaosSettings {

    static final Map<String, String> ENV = Map.of(
            "DEEPUNLEARN_UNLEARNING_HYPERPARAMETERS", "num_epochs=1,batch_size=64",
            "DEEPUNLEARN_COALESCE_WINDOW", "PT1S",
            "DEEPUNLEARN_LIFECYCLE_STALE_AFTER", "PT10S",
            "DEEPUNLEARN_LIFECYCLE_RECONCILE_INTERVAL", "PT3S",
            "DEEPUNLEARN_LIFECYCLE_REVOKE_WAIT", "PT5S",
            "KAFKA_SESSION_TIMEOUT_MS", "6000",
            "KAFKA_HEARTBEAT_INTERVAL_MS", "1000");

    private ChaosSettings() {
    }
}
