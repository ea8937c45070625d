package io.deepunlearn.core.ulira;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.deepunlearn.core.bench.Environment;
import io.deepunlearn.core.train.TrainConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UliraReportTest {

    @Test
    void theWrittenConfigurationNamesNoAbsolutePathOfTheMachine(@TempDir Path out) throws Exception {
        Path cache = Path.of("runs/cache").toAbsolutePath();
        Path data = Path.of("/srv/datasets/fashion-mnist");
        UliraRunner.Settings settings = new UliraRunner.Settings("fashion-mnist", "small-cnn", List.of("Original"), 2, 1,
                0, 100, TrainConfig.paper(2), data, cache, Map.of(), null);
        Environment env = new Environment("0.1.0", "abc", "engine", "java", "os", "cpu", 2, 1L, "1", "now");
        UliraReport.write(new UliraRunner.Results(settings, List.of(), new int[0], 100, 90, 0, 0, 0, 0, env), out);

        String written = Files.readString(out.resolve("ulira.json"));
        JsonNode config = new ObjectMapper().readTree(written).get("config");
        assertThat(config.get("cache_dir").asText()).isEqualTo("runs/cache");
        assertThat(config.get("data_dir").asText()).isEqualTo("…/datasets/fashion-mnist");
        assertThat(written).doesNotContain(cache.toString()).doesNotContain("/srv/");
        assertThat(config.get("splits").asInt()).isEqualTo(2);
    }
}
