package io.deepunlearn.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A search as a campaign: one study cell per seed run by 2 worker processes through the embedded store, selection
 * over the stored trials, gives the trials and best.json of the single-process {@code tune} (timings aside).
 */
@Tag("slow") // not in the fast tier (-Pfast): references and studies in 3 JVMs
class TuneCampaignTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private String[] tune(String out, String... extra) {
        List<String> args = new ArrayList<>(List.of("tune", "--method", "FT", "--sampler", "random", "--trials", "2",
                "--seeds", "2", "--out", dir.resolve(out).toString(), "--cache-dir",
                dir.resolve("cache-" + out).toString(), "--no-progress"));
        args.addAll(TuneCommandTest.SCALE);
        args.addAll(Arrays.asList(extra));
        return args.toArray(String[]::new);
    }

    @Test
    void studiesAsCellsSelectWhatTheSingleProcessSearchSelects() throws Exception {
        assumeThat(System.getenv(StoreOptions.ENDPOINT)).as("the campaign must use its embedded store").isNull();
        CliRunner campaign = CliRunner.run(tune("campaign", "--workers", "2", "--campaign", "auto", "--lease-ttl",
                "PT15S", "--heartbeat", "PT1S", "--poll", "PT0.5S"));
        assertThat(campaign.exitCode()).as(campaign.err()).isZero();
        assertThat(campaign.out()).contains("collected into");
        CliRunner single = CliRunner.run(tune("single"));
        assertThat(single.exitCode()).as(single.err()).isZero();

        assertThat(trials(dir.resolve("campaign"))).isEqualTo(trials(dir.resolve("single"))).hasSize(4);
        JsonNode fanned = JSON.readTree(dir.resolve("campaign/best.json").toFile());
        JsonNode alone = JSON.readTree(dir.resolve("single/best.json").toFile());
        assertThat(withoutSeconds(fanned)).isEqualTo(withoutSeconds(alone));
        assertThat(fanned.get("trials").asInt()).isEqualTo(4);
        assertThat(JSON.readTree(dir.resolve("campaign/study.json").toFile()))
                .isEqualTo(JSON.readTree(dir.resolve("single/study.json").toFile()));
    }

    /** (seed, trial number) -> the trial without its wall time. */
    private static Map<String, JsonNode> trials(Path searchDir) throws Exception {
        Map<String, JsonNode> out = new TreeMap<>();
        for (String line : Files.readAllLines(searchDir.resolve("trials.jsonl"))) {
            if (!line.isBlank()) {
                JsonNode t = JSON.readTree(line);
                out.put(t.get("seed").asInt() + "/" + t.get("trial").asInt(), withoutSeconds(t));
            }
        }
        return out;
    }

    private static JsonNode withoutSeconds(JsonNode node) {
        ObjectNode copy = node.deepCopy();
        copy.remove("seconds");
        copy.findParents("seconds").forEach(p -> ((ObjectNode) p).remove("seconds"));
        return copy;
    }
}
