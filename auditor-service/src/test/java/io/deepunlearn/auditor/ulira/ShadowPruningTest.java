package io.deepunlearn.auditor.ulira;

import java.util.Map;
import io.deepunlearn.pipeline.security.SecuritySettings;
import io.deepunlearn.pipeline.security.LocalSecrets;
import static org.assertj.core.api.Assertions.assertThat;

import io.deepunlearn.infra.EmbeddedS3;
import io.deepunlearn.pipeline.event.TrainingSpec;
import io.deepunlearn.pipeline.messaging.Topics;
import io.deepunlearn.pipeline.storage.Buckets;
import io.deepunlearn.pipeline.storage.ModelManifest;
import io.deepunlearn.pipeline.storage.ObjectStore;
import io.deepunlearn.pipeline.storage.S3Settings;
import io.deepunlearn.pipeline.storage.ShadowStore;
import io.deepunlearn.pipeline.storage.TombstoneStore;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Superseded shadow generations are deleted from a real S3 server (S3Proxy in-process): only once the newest
 * complete generation has been complete for the grace, never one an audit holds, never a newer incomplete one.
 */
class ShadowPruningTest {

    static final String MODEL = "prune-m";
    static final int COUNT = 2;
    static final Duration GRACE = Duration.ofMinutes(10);

    EmbeddedS3 s3;
    ObjectStore store;
    ShadowStore shadows;
    MutableClock clock;
    ShadowPlanner planner;

    @BeforeEach
    void start() {
        s3 = EmbeddedS3.startTemporary();
        store = new ObjectStore(new S3Settings(s3.endpoint(), s3.accessKey(), s3.secretKey(), null));
        Buckets.defaults().ensure(store);
        // signed as the trainer signs them (LocalSecrets: the keys a local stack generates)
        Map<String, String> keys = LocalSecrets.generate().serviceConfig("trainer-service");
        shadows = new ShadowStore(store, "models", SecuritySettings.from(k -> java.util.Optional.ofNullable(keys.get(k))));
        clock = new MutableClock();
        // the publisher is only used to request generations (ensure), which this test does not do
        planner = new ShadowPlanner(shadows, new TombstoneStore(store, "datasets"), null, Topics.defaults(), COUNT, 1,
                GRACE, clock);
    }

    @AfterEach
    void stop() {
        store.close();
        s3.close();
    }

    @Test
    void deletesSupersededGenerationsAfterTheGraceExceptHeldOnesAndKeepsNewerIncompleteOnes() {
        store(0, 0);
        store(0, 1);
        store(1, 0); // a generation whose other job failed: incomplete, and superseded too
        store(3, 0);
        store(3, 1); // the newest complete generation
        store(5, 0); // being trained: newer, incomplete
        Instant complete = shadows.storedAt(MODEL, 3).orElseThrow();

        clock.now = complete.plus(GRACE).minusSeconds(30);
        assertThat(planner.prune(MODEL)).as("within the grace an audit may still read generation 0 or 1").isEmpty();
        assertThat(shadows.generations(MODEL)).containsExactly(5, 3, 1, 0);

        clock.now = complete.plus(GRACE).plusSeconds(1);
        try (ShadowPlanner.Hold audit = planner.hold(MODEL, 0)) {
            assertThat(planner.prune(MODEL)).containsExactly(1);
            assertThat(shadows.generations(MODEL)).containsExactly(5, 3, 0);
            assertThat(shadows.shadows(MODEL, 0)).hasSize(2);
        }
        assertThat(planner.prune(MODEL)).containsExactly(0);

        assertThat(shadows.generations(MODEL)).containsExactly(5, 3);
        assertThat(store.list("models", "shadows/" + MODEL + "/g000000/", true)).isEmpty();
        assertThat(store.list("models", "shadows/" + MODEL + "/g000001/", true)).isEmpty();
        assertThat(shadows.exists(MODEL, 0, 1)).isFalse();
        // what stays is intact and readable
        assertThat(shadows.shadows(MODEL, 3)).extracting(ModelManifest::version)
                .containsExactly("g000003-k0000", "g000003-k0001");
        assertThat(store.get("models", shadows.shadows(MODEL, 3).get(1).checkpointKey())).isPresent();
        assertThat(shadows.shadows(MODEL, 5)).hasSize(1);
        assertThat(planner.prune(MODEL)).isEmpty();
    }

    @Test
    void withoutACompleteGenerationNothingIsDeleted() {
        store(0, 0);
        store(2, 0);
        clock.now = Instant.now().plus(Duration.ofDays(1));
        planner.pruneAll();
        assertThat(shadows.generations(MODEL)).containsExactly(2, 0);
        assertThat(shadows.lineages()).containsExactly(MODEL);
    }

    private void store(int generation, int index) {
        TrainingSpec spec = new TrainingSpec("synthetic", 200, 50, "small-cnn", 0, 1, 32, 0.05);
        byte[] checkpoint = ("shadow " + generation + "/" + index).getBytes(StandardCharsets.UTF_8);
        shadows.publish(checkpoint, new ModelManifest(MODEL, null, "000001-x", null, null, null, spec.datasetId(), spec,
                "trainer:shadow", List.of(1, 2), List.of(3, 4), List.of(), List.of(), null), generation, index);
    }

    /** A shadow slipped into the bucket without a writer's signature never reaches an audit. */
    @Test
    void aShadowWithoutAWritersSignatureIsLeftOut() {
        store(5, 0);
        ModelManifest genuine = shadows.shadows(MODEL, 5).get(0);
        String forged = "shadows/" + MODEL + "/g000005/k0001/";
        store.put("models", forged + "checkpoint.bin", new byte[] {1}, "application/octet-stream");
        store.put("models", forged + "manifest.json", io.deepunlearn.pipeline.messaging.EventCodec.encode(genuine),
                "application/json");
        assertThat(shadows.shadows(MODEL, 5)).containsExactly(genuine);
        assertThat(shadows.load(genuine)).isEqualTo(("shadow 5/0").getBytes(StandardCharsets.UTF_8));
    }

    static final class MutableClock extends Clock {
        Instant now = Instant.now();

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
