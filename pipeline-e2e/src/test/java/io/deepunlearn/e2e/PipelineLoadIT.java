package io.deepunlearn.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.deepunlearn.infra.Ports;
import io.deepunlearn.localstack.LocalStack;
import io.deepunlearn.localstack.PipelineClient;
import io.deepunlearn.localstack.load.OfferedRate;
import io.deepunlearn.localstack.load.PipelineLoad;
import io.deepunlearn.localstack.load.RateResult;
import io.deepunlearn.localstack.load.RequestOutcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The load harness of {@code bench/pipeline} at a tiny scale against the real stack (the three services as
 * processes, the in-process broker and S3 server): a warm-up burst of five requests, then two rates with eight
 * requests, each for its own data subject.
 * Every request must end with exactly one receipt, and the accounting must agree with itself.
 */
@Tag("e2e") // not in the fast tier (-Pfast): the three services as processes
class PipelineLoadIT {

    static final String MODEL = "load-model";
    static Path state;
    static LocalStack stack;

    @BeforeAll
    static void startStack() throws Exception {
        state = Files.createTempDirectory("deepunlearn-load-it");
        // 600 images / 5 = 120 subjects of ~5 samples: 8 distinct subjects are a small forget set
        stack = E2eStack.start(state, 21000, Map.of("DEEPUNLEARN_DATASET_SAMPLES_PER_SUBJECT", "5"));
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
        if (state != null) {
            Ports.deleteRecursively(state);
        }
    }

    @Test
    void everyOfferedRequestEndsWithExactlyOneReceiptAndTheStatsAgree() {
        PipelineClient client = stack.client();
        try (PipelineLoad load = PipelineLoad.attach(stack, client, m -> System.out.println("[load-it] " + m))) {
            PipelineClient.Reply job = client.train(Map.of("modelId", MODEL, "dataset", "fashion-mnist-subset",
                    "trainLimit", 600, "testLimit", 200, "epochs", 1));
            assertThat(job.status()).isEqualTo(202);
            JsonNode trained = client.awaitJob(job.body().path("jobId").asText(), Duration.ofMinutes(5));
            assertThat(trained.path("status").asText()).isEqualTo("SUCCEEDED");

            List<OfferedRate> rates = List.of(new OfferedRate(2, 1.5), new OfferedRate(5, 1));
            // a warm-up burst of 5 subjects (~20 trained samples, one run: enough for the audit's MIA), then the rates
            List<String> subjects = load.subjects(MODEL, trained.path("version").asText(), PipelineLoad.requests(rates, 5), 1);
            assertThat(subjects).hasSize(13).doesNotHaveDuplicates();
            Map<String, Object> setup = new java.util.HashMap<>();
            PipelineLoad.Run run = load.run(MODEL, rates, subjects, 5, Duration.ofMinutes(4), setup);
            assertThat(setup.get("warmUp")).asString().contains("receipted=5");
            run.report().table().forEach(System.out::println);
            System.out.println(run.report().summaryLine());
            run.report().write(Path.of("target", "pipeline-load-it"), run.outcomes());

            Set<String> requestIds = new HashSet<>();
            for (int k = 0; k < rates.size(); k++) {
                RateResult r = run.report().rates().get(k);
                List<RequestOutcome> outcomes = run.outcomes().get(k);
                assertThat(r.offered()).isEqualTo(rates.get(k).requests()).isEqualTo(outcomes.size());
                assertThat(r.refusals()).as("refusals").isEmpty();
                assertThat(r.lost()).as("lost").isZero();
                assertThat(r.duplicates()).as("duplicates").isZero();
                assertThat(r.receipted()).isEqualTo(r.offered()).isEqualTo(r.audited());
                assertThat(outcomes).allSatisfy(o -> {
                    assertThat(o.versions()).as("audited versions of " + o.requestId()).hasSize(1);
                    assertThat(o.secondsToAudited()).isPositive();
                    assertThat(o.secondsToReceipt()).isGreaterThanOrEqualTo(o.secondsToAudited() - 0.5);
                });
                outcomes.forEach(o -> requestIds.add(o.requestId()));
                // coalescing: at least one run, never more runs than requests
                assertThat(r.unlearningRuns()).isBetween(1, r.offered());
                assertThat(r.toAudited().count()).isEqualTo(r.receipted());
                assertThat(r.toAudited().p50()).isLessThanOrEqualTo(r.toAudited().p95());
                assertThat(r.toAudited().p95()).isLessThanOrEqualTo(r.toAudited().p99());
                assertThat(r.toAudited().p99()).isLessThanOrEqualTo(r.toAudited().max());
                assertThat(r.throughputPerMin()).isPositive();
                assertThat(r.lastReceiptSeconds()).isGreaterThanOrEqualTo(r.sendSeconds());
            }
            assertThat(requestIds).as("one request id per offered request").hasSize(8);
            assertThat(run.report().lost()).isZero();
            assertThat(run.report().summaryLine())
                    .matches("pipeline p50_s=\\d+\\.\\d\\d p95_s=\\d+\\.\\d\\d throughput_per_min=\\d+\\.\\d lost=0");
        }
    }
}
