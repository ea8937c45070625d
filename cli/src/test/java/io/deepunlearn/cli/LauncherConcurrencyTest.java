package io.deepunlearn.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./deepunlearn} launcher started twice at once on a fresh tree: one build, and neither run sees a
 * half-written jar. Runs a copy of the real script with a stub {@code mvnw} (writes half a jar, waits, completes
 * it) and a stub {@code java} on the PATH (records the jar it was given), so it takes seconds, not a Maven build.
 */
class LauncherConcurrencyTest {

    static final Path LAUNCHER = Path.of("..", "deepunlearn");

    static void script(Path file, String body) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, "#!/usr/bin/env bash\nset -eu\n" + body);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    static boolean onPath(String command) throws Exception {
        return new ProcessBuilder("bash", "-c", "command -v " + command).start().waitFor() == 0;
    }

    @Test
    void twoLaunchersStartedTogetherBuildOnceAndBothRunTheCompleteJar(@TempDir Path tmp) throws Exception {
        assumeTrue(Files.isRegularFile(LAUNCHER) && onPath("flock"), "needs the launcher script and flock");
        Path root = tmp.resolve("repo");
        Files.createDirectories(root.resolve("deploy"));
        Files.copy(LAUNCHER, root.resolve("deepunlearn"));
        Files.copy(LAUNCHER.resolveSibling("deploy/native-allocator.env"), root.resolve("deploy/native-allocator.env"));
        root.resolve("deepunlearn").toFile().setExecutable(true);
        script(root.resolve("mvnw"), """
                echo "$*" >> mvnw.calls
                mkdir -p cli/target
                printf half > cli/target/deepunlearn-cli.jar
                sleep 2
                printf complete > cli/target/deepunlearn-cli.jar
                """);
        Path bin = tmp.resolve("bin");
        Path seen = Files.createDirectories(tmp.resolve("seen"));
        script(bin.resolve("java"), """
                while [ "$1" != -jar ]; do shift; done
                cat "$2" > "%s/run.$$"
                """.formatted(seen));

        ProcessBuilder pb = new ProcessBuilder(root.resolve("deepunlearn").toString(), "--help").directory(root.toFile())
                .redirectErrorStream(true);
        pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        Process first = pb.redirectOutput(tmp.resolve("first.out").toFile()).start();
        Thread.sleep(500); // the second starts while the first is building
        Process second = pb.redirectOutput(tmp.resolve("second.out").toFile()).start();

        assertThat(first.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(first.exitValue()).as(Files.readString(tmp.resolve("first.out"))).isZero();
        assertThat(second.exitValue()).as(Files.readString(tmp.resolve("second.out"))).isZero();
        assertThat(Files.readAllLines(root.resolve("mvnw.calls"))).as("one build, with package (never install)")
                .singleElement().asString().contains("package").doesNotContain("install");
        List<Path> runs;
        try (var files = Files.list(seen)) {
            runs = files.toList();
        }
        assertThat(runs).hasSize(2);
        for (Path run : runs) {
            assertThat(Files.readString(run)).isEqualTo("complete");
        }
    }
}
