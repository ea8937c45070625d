package io.deepunlearn.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * U-LiRA as a campaign: one cell per shadow split run by 3 worker processes through the embedded store, one of them
 * killed with SIGKILL in the middle of its split, and the attack over the stored splits, writes the ulira.json and
 * per-sample file of the single-process {@code ulira} (timings, paths and environment aside).
 */
@Tag("slow") // not in the fast tier (-Pfast): shadow models in 4 JVMs
class UliraCampaignTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private String[] ulira(String out, String... extra) {
        List<String> args = new ArrayList<>(List.of("ulira", "--dataset", "synthetic", "--train-size", "300",
                "--epochs", "1", "--batch-size", "64", "--lr", "0.05", "--methods", "FT,Retrain,Original", "--shadows",
                "3", "--forget-sets", "3", "--set", "FT.num_epochs=1", "--out", dir.resolve(out).toString(),
                "--cache-dir", dir.resolve("cache-" + out).toString(), "--no-progress"));
        args.addAll(Arrays.asList(extra));
        return args.toArray(String[]::new);
    }

    @Test
    void splitsAsCellsOneWorkerKilledGiveTheSingleProcessAttack() throws Exception {
        assumeThat(System.getenv(StoreOptions.ENDPOINT)).as("the campaign must use its embedded store").isNull();
        Path campaignOut = dir.resolve("campaign");
        ExecutorService background = Executors.newSingleThreadExecutor();
        Future<CliRunner> campaign = background.submit(() -> CliRunner.run(ulira("campaign", "--workers", "3",
                "--lease-ttl", "PT10S", "--heartbeat", "PT1S", "--poll", "PT0.5S")));
        Path killed = RunningCells.killTheWorkerOfARunningCell(campaignOut.resolve("store/campaigns/campaigns"), "-split-", campaign,
                java.time.Duration.ofMinutes(5));
        CliRunner result = campaign.get(10, TimeUnit.MINUTES);
        background.shutdown();
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("collected into");

        // the killed split was taken over by another worker as attempt 1, and its result is that attempt's
        JsonNode cellResult = JSON.readTree(killed.resolve("result.json").toFile());
        assertThat(cellResult.get("attempt").asInt()).isEqualTo(1);
        assertThat(cellResult.get("worker").asText())
                .isNotEqualTo(JSON.readTree(killed.resolve("lease-0000").toFile()).get("worker").asText());

        CliRunner single = CliRunner.run(ulira("single"));
        assertThat(single.exitCode()).as(single.err()).isZero();

        JsonNode fanned = JSON.readTree(campaignOut.resolve("ulira.json").toFile());
        JsonNode alone = JSON.readTree(dir.resolve("single/ulira.json").toFile());
        assertThat(fanned.get("methods")).hasSize(3);
        assertThat(withoutSeconds(fanned.get("methods"))).isEqualTo(withoutSeconds(alone.get("methods")));
        for (JsonNode m : fanned.get("methods")) {
            assertThat(m.get("error").isNull()).as(m.toString()).isTrue();
            assertThat(m.get("standard").get("targets").asInt()).isGreaterThan(20);
        }
        ObjectNode layout = (ObjectNode) fanned.get("layout").deepCopy();
        // the taken-over split may reuse shadow models its killed worker cached (local workers share a cache)
        assertThat(layout.remove("shadow_models_trained").asInt() + layout.remove("shadow_models_reused").asInt())
                .isEqualTo(12);
        ObjectNode aloneLayout = (ObjectNode) alone.get("layout").deepCopy();
        aloneLayout.remove(List.of("shadow_models_trained", "shadow_models_reused"));
        assertThat(withoutSeconds(layout)).isEqualTo(withoutSeconds(aloneLayout));
        assertThat(withoutPaths(fanned.get("config"))).isEqualTo(withoutPaths(alone.get("config")));
        assertThat(samples(campaignOut)).isEqualTo(samples(dir.resolve("single")));
        assertThat(Files.readString(campaignOut.resolve("ulira.html"))).contains("alt=\"ROC FT\"");
    }

    private static JsonNode samples(Path out) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(out.resolve("ulira-samples.json.gz")))) {
            return JSON.readTree(in);
        }
    }

    private static JsonNode withoutSeconds(JsonNode node) {
        JsonNode copy = node.deepCopy();
        List<JsonNode> objects = new ArrayList<>(copy.findParents("mean_seconds"));
        objects.addAll(copy.findParents("shadow_training_seconds"));
        objects.forEach(o -> ((ObjectNode) o).remove(List.of("mean_seconds", "shadow_training_seconds")));
        return copy;
    }

    private static JsonNode withoutPaths(JsonNode config) {
        ObjectNode copy = config.deepCopy();
        copy.remove(List.of("data_dir", "cache_dir"));
        return copy;
    }
}
