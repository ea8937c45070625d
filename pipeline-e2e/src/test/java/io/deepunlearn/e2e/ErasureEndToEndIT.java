package io.deepunlearn.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.deepunlearn.infra.Ports;
import io.deepunlearn.infra.testing.TopicProbe;
import io.deepunlearn.localstack.LocalStack;
import io.deepunlearn.localstack.PipelineClient;
import io.deepunlearn.localstack.Prometheus;
import io.deepunlearn.pipeline.event.RequestStatus;
import io.deepunlearn.pipeline.messaging.CloudEvents;
import io.deepunlearn.pipeline.messaging.Topics;
import io.deepunlearn.pipeline.storage.CheckpointStore;
import io.deepunlearn.pipeline.storage.DatasetManifest;
import io.deepunlearn.pipeline.security.SecuritySettings;
import io.deepunlearn.pipeline.storage.Hashes;
import io.deepunlearn.pipeline.storage.TombstoneStore;
import io.deepunlearn.pipeline.storage.ManifestStore;
import io.deepunlearn.pipeline.storage.ModelManifest;
import io.deepunlearn.pipeline.storage.ObjectStore;
import io.deepunlearn.pipeline.storage.S3Settings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The pipeline end to end: the three packaged services as separate processes against the in-process KRaft broker
 * and S3 server, scraped by Debian's prometheus. A data subject is forgotten; the test checks the receipt, the new
 * checkpoint's SHA-256, tombstones, idempotency, the dead-letter topic and the metrics in Prometheus.
 */
@Tag("e2e") // not in the fast tier (-Pfast): the three services as processes
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ErasureEndToEndIT {

    static final String MODEL = "e2e-model";
    static final String SUBJECT = "subject-3";
    static Path state;
    static LocalStack stack;
    static PipelineClient client;
    static ObjectStore store;
    static CheckpointStore checkpoints;
    static ManifestStore manifests;
    static Prometheus prometheus;
    static String requestId;
    static double requestToAuditedSeconds;

    @BeforeAll
    static void startStack() throws Exception {
        state = Files.createTempDirectory("deepunlearn-e2e");
        stack = E2eStack.start(state, 20000, Map.of());
        Map<String, String> urls = stack.urls();
        // authenticated like a real client: operator, erasure requester and receipt reader tokens of this stack
        client = stack.client();
        var s3 = stack.infrastructure().s3();
        store = new ObjectStore(new S3Settings(s3.endpoint(), s3.accessKey(), s3.secretKey(), null));
        // manifests are verified against the stack's trusted writer keys (a reader: no private key)
        checkpoints = new CheckpointStore(store, "models", stack.secrets().readerSettings());
        manifests = new ManifestStore(store, "datasets");
        Prometheus.binary().ifPresent(bin -> prometheus = Prometheus.start(bin, Map.of(
                "trainer", urls.get("trainer-service"), "unlearner", urls.get("unlearner-service"),
                "auditor", urls.get("auditor-service")), state.resolve("prometheus")));
    }

    @AfterAll
    static void stopStack() {
        if (prometheus != null) {
            prometheus.close();
        }
        if (store != null) {
            store.close();
        }
        if (stack != null) {
            stack.close();
        }
        if (state != null) {
            E2eStack.copyLogs(state.resolve("logs"), Path.of("target", "e2e-logs"));
            Ports.deleteRecursively(state);
        }
    }

    @Test
    @Order(1)
    void aForgetRequestEndsInAnAuditedModelWithAReceipt() {
        PipelineClient.Reply job = client.train(Map.of("modelId", MODEL, "dataset", "fashion-mnist-subset",
                "trainLimit", 600, "testLimit", 200, "epochs", 1));
        assertThat(job.status()).isEqualTo(202);
        JsonNode trained = client.awaitJob(job.body().path("jobId").asText(), Duration.ofMinutes(5));
        assertThat(trained.path("status").asText()).isEqualTo("SUCCEEDED");
        ModelManifest original = checkpoints.latest(MODEL).orElseThrow();

        long t0 = System.nanoTime();
        PipelineClient.Reply accepted = client.forget(Map.of("subjectId", SUBJECT, "modelId", MODEL));
        assertThat(accepted.status()).as(String.valueOf(accepted.body())).isEqualTo(202);
        requestId = accepted.body().path("requestId").asText();
        JsonNode status = client.awaitRequest(requestId, Set.of(RequestStatus.PUBLISHED, RequestStatus.RETRAINING,
                RequestStatus.FAILED), Duration.ofMinutes(5));
        requestToAuditedSeconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("[e2e] request -> audited model: %.1f s%n", requestToAuditedSeconds);
        assertThat(PipelineClient.statusOf(status)).isNotEqualTo(RequestStatus.FAILED);

        JsonNode receipt = client.awaitReceipt(requestId, Duration.ofMinutes(2));
        // a failed audit ends in an exact retrain; either way the request ends PUBLISHED
        JsonNode done = client.awaitRequest(requestId, Set.of(RequestStatus.PUBLISHED, RequestStatus.FAILED),
                Duration.ofMinutes(5));
        assertThat(PipelineClient.statusOf(done)).isEqualTo(RequestStatus.PUBLISHED);
        // one erasure, one trace: the intake's trace id is on every record of it, from the REST intake through the run
        // (resumed from the record), the audit and each status change (docs/api.md, "Tracing")
        java.util.Set<String> traceIds = new java.util.TreeSet<>();
        Topics names = Topics.defaults();
        for (String topic : List.of(names.forgetRequested(), names.unlearningCompleted(), names.auditCompleted(),
                names.requestStatus())) {
            var records = TopicProbe.readUntil(stack.kafkaClientConfig(), topic,
                    r -> new String(r.value(), StandardCharsets.UTF_8).contains(requestId), Duration.ofSeconds(30));
            records.stream().filter(r -> new String(r.value(), StandardCharsets.UTF_8).contains(requestId)).forEach(r -> {
                var header = r.headers().lastHeader("traceparent");
                assertThat(header).as("traceparent on " + topic).isNotNull();
                traceIds.add(new String(header.value(), StandardCharsets.UTF_8).split("-")[1]);
            });
        }
        assertThat(traceIds).as("trace ids of request " + requestId).hasSize(1);
        System.out.printf("[e2e] audit %s, resolution %s, MIA %.3f%n", receipt.path("outcome").asText(),
                receipt.path("resolution").asText(), receipt.path("metrics").path("mia").asDouble());
        ModelManifest unlearned = checkpoints.manifest(MODEL, receipt.path("unlearnedVersion").path("version").asText());
        assertThat(unlearned.parentVersion()).isEqualTo(original.version());
        String sha = receipt.path("unlearnedVersion").path("sha256").asText();
        assertThat(sha).isEqualTo(unlearned.sha256());
        // the bytes in the bucket hash to what the receipt and the manifest record
        byte[] bytes = store.get("models", unlearned.checkpointKey()).orElseThrow();
        assertThat(Hashes.sha256(bytes)).isEqualTo(sha);
        // the verdict and its resolution agree (default inconclusive policy: release with the caveat)
        String resolution = switch (receipt.path("outcome").asText()) {
            case "pass" -> "released";
            case "fail" -> "retrained"; // the receipt is written once the exact retrain is published
            case "inconclusive" -> "released-with-caveat";
            default -> "unknown outcome " + receipt.path("outcome");
        };
        assertThat(receipt.path("resolution").asText()).isEqualTo(resolution);
        assertThat(receipt.path("summary").asText()).startsWith(receipt.path("outcome").asText() + ":");
        assertThat(receipt.path("metrics").path("mia").asDouble()).isBetween(0.0, 1.0);
        assertThat(receipt.path("metrics").path("preErasureMia").asDouble()).isBetween(0.0, 1.0);
        assertThat(receipt.path("ulira").path("status").asText()).isIn("measured", "unavailable");

        DatasetManifest dataset = manifests.load(original.datasetId()).orElseThrow();
        List<Integer> forgotten = dataset.samplesOf(SUBJECT).orElseThrow().stream()
                .filter(original.trainSampleIds()::contains).toList();
        assertThat(unlearned.forgottenSampleIds()).containsAll(forgotten);
        assertThat(receipt.path("sampleHashes")).hasSize(forgotten.size());
        assertThat(receipt.toString()).doesNotContain(SUBJECT);
        // the stored receipt carries the auditor's signature, verified with the stack's receipt key
        assertThat(new io.deepunlearn.pipeline.storage.EvidenceStore(store, "evidence", stack.secrets().readerSettings())
                .find(requestId)).isPresent();
        // tombstones (written when the request was accepted): no later training will see the subject's samples
        assertThat(new TombstoneStore(store, "datasets").union(original.datasetId()))
                .containsAll(dataset.samplesOf(SUBJECT).orElseThrow());
    }

    @Test
    @Order(2)
    void aDuplicateRequestCreatesNoSecondVersion() {
        int versions = checkpoints.versions(MODEL).size();
        PipelineClient.Reply again = client.forget(Map.of("subjectId", SUBJECT, "modelId", MODEL));
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body().path("status").asText()).isEqualTo("duplicate");
        assertThat(again.body().path("requestId").asText()).isEqualTo(requestId);
        sleep(3000);
        assertThat(checkpoints.versions(MODEL)).hasSize(versions);
    }

    @Test
    @Order(3)
    void malformedRequestsAreRejectedAtRestAndDeadLetteredOnKafka() {
        assertThat(client.post(client.unlearnerUrl() + "/api/v1/forget-requests", "{\"subjectId\": ").status()).isEqualTo(400);
        // the harness's admin user: the stack's broker is secured (SASL + ACLs) and refuses anonymous clients
        var bootstrap = stack.kafkaClientConfig();
        String topic = Topics.defaults().forgetRequested();
        TopicProbe.send(bootstrap, topic, MODEL, "not json at all".getBytes(StandardCharsets.UTF_8));
        var dead = TopicProbe.readUntil(bootstrap, Topics.deadLetter(topic),
                r -> new String(r.value(), StandardCharsets.UTF_8).equals("not json at all"), Duration.ofSeconds(60));
        assertThat(dead).isNotEmpty();
        assertThat(CloudEvents.get(dead.get(dead.size() - 1).headers(), CloudEvents.DEAD_LETTER_REASON).orElseThrow())
                .contains("malformed ForgetRequested JSON");
    }

    @Test
    @Order(4)
    void prometheusScrapesTheAuditMetrics() {
        assumeTrue(prometheus != null, "prometheus is not installed (apt-get install -y prometheus): skipping the scrape checks");
        PipelineClient http = client;
        JsonNode result = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            PipelineClient.Reply r = http.get(prometheus.queryUrl("sum(audit_results_total)"));
            if (r.status() == 200 && r.body().path("data").path("result").size() > 0
                    && r.body().path("data").path("result").get(0).path("value").get(1).asDouble() >= 1) {
                result = r.body();
                break;
            }
            sleep(1000);
        }
        assertThat(result).as("audit_results_total in Prometheus").isNotNull();
        JsonNode mia = http.get(prometheus.queryUrl("audit_mia_accuracy{method=\"FT\"}")).body().path("data").path("result");
        assertThat(mia.size()).isEqualTo(1);
        assertThat(mia.get(0).path("value").get(1).asDouble()).isBetween(0.0, 1.0);
        JsonNode up = http.get(prometheus.queryUrl("sum(up)")).body().path("data").path("result");
        assertThat(up.get(0).path("value").get(1).asDouble()).isEqualTo(3.0);
        JsonNode requests = http.get(prometheus.queryUrl("unlearn_requests_total{status=\"duplicate\"}")).body()
                .path("data").path("result");
        assertThat(requests.get(0).path("value").get(1).asDouble()).isGreaterThanOrEqualTo(1.0);
    }

    /**
     * Every metric the deployment's rules and dashboards may use (deploy-validation's contract list) is really
     * exposed by the service that owns it, now that the flow above has exercised every meter.
     */
    @Test
    @Order(5)
    void everyContractMetricIsExposedByItsService() throws Exception {
        Path contract = LocalStack.findHome().resolve("deploy-validation/src/test/resources/metrics-contract.txt");
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        Map<String, String> exposition = new java.util.HashMap<>();
        for (Map.Entry<String, String> e : stack.urls().entrySet()) {
            exposition.put(e.getKey(), http.send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(e.getValue() + "/q/metrics")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body());
        }
        int checked = 0;
        for (String line : Files.readAllLines(contract)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] cols = line.trim().split("\\s+");
            if (cols[3].equals("campaign-worker")) {
                continue; // the campaign workers' series: cli's BenchCampaignTest checks them on a real worker
            }
            String series = switch (cols[1]) {
                case "timer", "summary" -> cols[0] + "_count";
                case "timer-histogram" -> cols[0] + "_bucket";
                default -> cols[0];
            };
            assertThat(exposition.get(cols[3])).as(cols[3] + " exposes " + series)
                    .containsPattern("(?m)^" + series + "[{ ]");
            checked++;
        }
        assertThat(checked).isGreaterThanOrEqualTo(16);
    }

    /** Keeps the services' logs for inspection after the state directory is gone. */
    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
