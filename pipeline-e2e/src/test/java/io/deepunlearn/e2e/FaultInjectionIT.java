package io.deepunlearn.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.deepunlearn.infra.Ports;
import io.deepunlearn.localstack.LocalStack;
import io.deepunlearn.localstack.PipelineClient;
import io.deepunlearn.localstack.ServiceProcess;
import io.deepunlearn.localstack.faults.Invariants;
import io.deepunlearn.pipeline.event.RequestStatus;
import io.deepunlearn.pipeline.storage.ObjectStore;
import io.deepunlearn.pipeline.storage.S3Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Faults at the steps of a request's life, on one shared stack: real process deaths ({@code kill -9} =
 * {@link ServiceProcess#kill}, SIGTERM = {@link ServiceProcess#terminate}, and the test-only crash points, which halt
 * the JVM), a second unlearner replica mid-run, a broker restart and an S3 outage. After each fault the stack must
 * converge (the reconcilers re-drive what was interrupted) and {@link Invariants} must hold over everything accepted
 * so far: one receipt per 202, no fork, no duplicate version, forgotten sets only grow, tombstones exactly the
 * accepted samples, every accepted sample forgotten by the head.
 */
@Tag("e2e")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultInjectionIT {

    static final String MODEL = "fault-model";
    static final String UNLEARNER = "unlearner-service";
    static final String AUDITOR = "auditor-service";
    static final String TRAINER = "trainer-service";
    static final Duration CONVERGE = Duration.ofMinutes(4);
    static final Duration GRACE = Duration.ofSeconds(40);
    /** Short reconciler clocks and Kafka session so that a dead member's partitions move in seconds, not 45 s. */
    static final Map<String, String> FAST_RECOVERY = Map.of(
            "DEEPUNLEARN_LIFECYCLE_STALE_AFTER", "PT10S",
            "DEEPUNLEARN_LIFECYCLE_RECONCILE_INTERVAL", "PT3S",
            "DEEPUNLEARN_LIFECYCLE_REVOKE_WAIT", "PT5S",
            "KAFKA_SESSION_TIMEOUT_MS", "6000",
            "KAFKA_HEARTBEAT_INTERVAL_MS", "1000");

    /**
     * Audit thresholds under which every audit releases (pass or inconclusive, released by the default policy): the
     * crash point after the release must be reached whatever the verdict of this small, repeatedly unlearned model
     * would be (after a dozen FT runs its test accuracy drops by more than the default 0.1 and audits fail).
     */
    static final Map<String, String> RELEASING = Map.of(
            "DEEPUNLEARN_AUDIT_MIA_MAX", "1.0",
            "DEEPUNLEARN_AUDIT_MAX_TEST_ACCURACY_DROP", "1.0",
            "DEEPUNLEARN_AUDIT_MIA_MARGIN", "0.49",
            "DEEPUNLEARN_AUDIT_ULIRA_AUC_MARGIN", "0.49");

    static Path state;
    static LocalStack stack;
    static PipelineClient client;
    static ObjectStore store;
    static Invariants invariants;
    static final Set<String> accepted = new ConcurrentSkipListSet<>();
    static final AtomicInteger subjects = new AtomicInteger();
    long started;

    @BeforeAll
    static void startStackAndTrain() throws Exception {
        state = Files.createTempDirectory("deepunlearn-faults");
        stack = E2eStack.start(state, 21000, FAST_RECOVERY);
        client = stack.client();
        var s3 = stack.infrastructure().s3();
        store = new ObjectStore(new S3Settings(s3.endpoint(), s3.accessKey(), s3.secretKey(), null));
        invariants = new Invariants(store, stack.secrets().readerSettings());
        PipelineClient.Reply job = client.train(Map.of("modelId", MODEL, "dataset", "fashion-mnist-subset",
                "trainLimit", 600, "testLimit", 200, "epochs", 1));
        assertThat(job.status()).isEqualTo(202);
        assertThat(client.awaitJob(job.body().path("jobId").asText(), Duration.ofMinutes(5)).path("status").asText())
                .isEqualTo("SUCCEEDED");
    }

    @AfterAll
    static void stopStack() {
        if (store != null) {
            store.close();
        }
        if (stack != null) {
            stack.close();
        }
        if (state != null) {
            E2eLogs.keep(state.resolve("logs"), Path.of("target", "fault-logs"));
            Ports.deleteRecursively(state);
        }
    }

    @org.junit.jupiter.api.BeforeEach
    void clock() {
        started = System.nanoTime();
    }

    /** After every fault: the stack converges and every guarantee holds over all requests so far. */
    @AfterEach
    void convergesWithEveryGuarantee(TestInfo test) {
        Invariants.Report report = invariants.awaitConverged(accepted, CONVERGE);
        System.out.printf("[faults] %s: converged in %.1f s, %s%n", test.getDisplayName(),
                (System.nanoTime() - started) / 1e9, report.line(0));
        assertThat(report.violations()).as(test.getDisplayName()).isEmpty();
    }

    // --- unlearner ---

    @Test
    @Order(1)
    void unlearnerCrashesAfterAcceptingBeforeTheAck() {
        stack.restart(UNLEARNER, Map.of("DEEPUNLEARN_CRASH_AT", "before-ack"), true);
        forget();
        assertThat(stack.service(UNLEARNER).awaitExit(Duration.ofSeconds(60))).isEqualTo(137);
        stack.restart(UNLEARNER, Map.of(), true);
    }

    @Test
    @Order(2)
    void unlearnerKilledMidRun() {
        String id = forget();
        awaitStatus(id, RequestStatus.UNLEARNING);
        assertThat(stack.kill(UNLEARNER)).isEqualTo(137);
        stack.restart(UNLEARNER, Map.of(), true);
    }

    @Test
    @Order(3)
    void unlearnerSigtermMidRun() {
        String id = forget();
        awaitStatus(id, RequestStatus.UNLEARNING);
        terminateMeasured(UNLEARNER, id);
        stack.restart(UNLEARNER, Map.of(), true);
    }

    @Test
    @Order(4)
    void unlearnerCrashesAfterUploadBeforeTheClaim() {
        stack.restart(UNLEARNER, Map.of("DEEPUNLEARN_CRASH_AT", "after-upload"), true);
        forget();
        assertThat(stack.service(UNLEARNER).awaitExit(Duration.ofMinutes(2))).isEqualTo(137);
        stack.restart(UNLEARNER, Map.of(), true);
    }

    @Test
    @Order(5)
    void aSecondUnlearnerReplicaStartsMidRun() throws Exception {
        String first = forget();
        awaitStatus(first, RequestStatus.UNLEARNING);
        Thread more = new Thread(() -> {
            for (int i = 0; i < 3; i++) {
                forget();
                ServiceProcess.sleep(2000);
            }
        });
        more.start();
        ServiceProcess replica = stack.startReplica(UNLEARNER, Map.of());
        more.join();
        assertThat(invariants.awaitConverged(accepted, CONVERGE).violations()).isEmpty();
        stack.removeReplica(replica.name(), GRACE);
    }

    // --- auditor ---

    @Test
    @Order(6)
    void auditorKilledMidAudit() {
        String id = forget();
        awaitStatus(id, RequestStatus.AUDITING);
        assertThat(stack.kill(AUDITOR)).isEqualTo(137);
        stack.restart(AUDITOR, Map.of(), true);
    }

    @Test
    @Order(7)
    void auditorSigtermMidAudit() {
        String id = forget();
        awaitStatus(id, RequestStatus.AUDITING);
        terminateMeasured(AUDITOR, id);
        stack.restart(AUDITOR, Map.of(), true);
    }

    @Test
    @Order(8)
    void auditorCrashesAfterReleaseBeforeTheReceipt() {
        Map<String, String> crashing = new java.util.HashMap<>(RELEASING);
        crashing.put("DEEPUNLEARN_CRASH_AT", "after-release");
        stack.restart(AUDITOR, crashing, true);
        try {
            forget();
            assertThat(stack.service(AUDITOR).awaitExit(Duration.ofMinutes(2))).isEqualTo(137);
        } finally { // whatever happened, the next cases need a live auditor without the crash point
            stack.restart(AUDITOR, RELEASING, true);
        }
    }

    // --- infrastructure ---

    @Test
    @Order(9)
    void brokerRestartMidRun() {
        String id = forget();
        awaitStatus(id, RequestStatus.UNLEARNING);
        stack.infrastructure().kafka().stop();
        ServiceProcess.sleep(5000);
        stack.infrastructure().kafka().restart();
    }

    @Test
    @Order(10)
    void s3OutageDuringTheUpload() {
        String id = forget();
        awaitStatus(id, RequestStatus.UNLEARNING);
        stack.infrastructure().s3().stop();
        ServiceProcess.sleep(12000);
        stack.infrastructure().s3().resume();
    }

    // --- trainer (retraining: an auditor with the strictest thresholds the service accepts, MIA <= 0.5 and no
    // accuracy drop, fails the audits and sends their requests to an exact retrain) ---

    @Test
    @Order(11)
    void trainerKilledMidRetrain() {
        stack.restart(AUDITOR, Map.of("DEEPUNLEARN_AUDIT_MIA_MAX", "0.5",
                "DEEPUNLEARN_AUDIT_MAX_TEST_ACCURACY_DROP", "0"), true);
        String id = forget();
        awaitStatus(id, RequestStatus.RETRAINING);
        ServiceProcess.sleep(2000); // the retrain job is running
        assertThat(stack.kill(TRAINER)).isEqualTo(137);
        stack.restart(TRAINER, Map.of(), true);
    }

    @Test
    @Order(12)
    void trainerSigtermMidRetrain() {
        String id = forget();
        awaitStatus(id, RequestStatus.RETRAINING);
        ServiceProcess.sleep(2000);
        terminateMeasured(TRAINER, id);
        stack.restart(TRAINER, Map.of(), true);
    }

    /**
     * SIGTERM with the drain measured (docs/pipeline.md, graceful drain): how long the service took to exit and where
     * the request stood then, read from its durable record (the service that serves it may be the one stopped).
     */
    static void terminateMeasured(String service, String id) {
        long start = System.nanoTime();
        int code = stack.stop(service, GRACE);
        double took = (System.nanoTime() - start) / 1e9;
        String status = store.get("models", "requests/" + id + ".json").map(b -> {
            try {
                return PipelineClient.JSON.readTree(b).path("status").asText();
            } catch (java.io.IOException e) {
                return "unreadable";
            }
        }).orElse("absent");
        System.out.printf("[drain] %s: SIGTERM -> exit %d after %.1f s; %s is then %s%n", service, code, took, id, status);
    }

    /** A forget request for a fresh subject; a 202 joins the accepted set. */
    static String forget() {
        PipelineClient.Reply r = client.forget(Map.of("subjectId", "subject-" + subjects.incrementAndGet(), "modelId", MODEL));
        assertThat(r.status()).as(String.valueOf(r.body())).isEqualTo(202);
        String id = r.body().path("requestId").asText();
        accepted.add(id);
        return id;
    }

    /** Waits until the request reaches {@code status} (or has gone past it: then the fault lands later). */
    static void awaitStatus(String id, RequestStatus status) {
        JsonNode r = client.awaitRequest(id, Set.of(RequestStatus.values()).stream()
                .filter(s -> s.ordinal() >= status.ordinal()).collect(java.util.stream.Collectors.toSet()),
                Duration.ofMinutes(3));
        System.out.printf("[faults] %s is %s when the fault lands%n", id, r.path("status").asText());
    }
}
