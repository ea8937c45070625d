package io.deepunlearn.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * deploy/native-allocator.env is the one statement of the glibc malloc settings libtorch runs with
 * (docs/performance.md); the launcher reads it, while the images and the test JVMs carry copies that must not drift.
 */
class NativeAllocatorSettingsTest {

    static Map<String, String> settings() throws IOException {
        Map<String, String> settings = new LinkedHashMap<>();
        for (String line : Files.readAllLines(Repo.path("deploy/native-allocator.env"))) {
            if (line.matches("[A-Z_]+=\\S+")) {
                settings.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
            }
        }
        return settings;
    }

    @Test
    void theFileSetsTheThreeMallocTunables() throws IOException {
        assertThat(settings()).containsOnlyKeys("MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_", "MALLOC_TOP_PAD_");
        settings().values().forEach(v -> assertThat(Long.parseLong(v)).isPositive());
    }

    @Test
    void everyImageSetsTheSameValues() throws IOException {
        for (String dockerfile : List.of("deploy/docker/Dockerfile.jvm", "deploy/docker/Dockerfile.gpu")) {
            String text = Files.readString(Repo.path(dockerfile));
            settings().forEach((key, value) -> assertThat(text).as(dockerfile).containsPattern("\\b" + key + "=" + value + "\\b"));
        }
    }

    @Test
    void testJvmsRunWithTheSameValues() throws IOException {
        String pom = Files.readString(Repo.path("pom.xml"));
        settings().forEach((key, value) -> assertThat(pom).contains("<" + key + ">" + value + "</" + key + ">"));
    }

    @Test
    void theLauncherAndTheParityHarnessReadTheFile() throws IOException {
        assertThat(Files.readString(Repo.path("deepunlearn"))).contains("deploy/native-allocator.env");
        assertThat(Files.readString(Repo.path("bench/engine-parity"))).contains("deploy/native-allocator.env");
    }
}
