package io.deepunlearn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Campaign tests' real fault: a worker SIGKILLed while it runs a cell, found through the store's files. */
final class RunningCells {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RunningCells() {
    }

    /**
     * Waits for a cell whose name contains {@code marker} that a worker is running (claimed, beating, no result) and
     * SIGKILLs that worker; returns the cell's folder. Of several, the last by name (bench: its seed's run cells
     * wait for that reference).
     */
    static Path killTheWorkerOfARunningCell(Path campaigns, String marker, Future<CliRunner> campaign, Duration within)
            throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(campaign.isDone()).as("the campaign ended before any " + marker + " cell could be killed").isFalse();
            Optional<Path> running = runningCell(campaigns, marker);
            if (running.isPresent()) {
                long pid = JSON.readTree(running.get().resolve("lease-0000").toFile()).get("pid").asLong();
                ProcessHandle worker = ProcessHandle.of(pid).orElseThrow();
                assertThat(worker.parent().map(ProcessHandle::pid)).as("a worker of this test")
                        .contains(ProcessHandle.current().pid());
                assertThat(worker.destroyForcibly()).isTrue(); // SIGKILL
                worker.onExit().get(30, TimeUnit.SECONDS);
                assertThat(running.get().resolve("result.json")).as("killed before it finished").doesNotExist();
                return running.get();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no " + marker + " cell was seen running");
    }

    private static Optional<Path> runningCell(Path campaigns, String marker) throws IOException {
        if (!Files.isDirectory(campaigns)) {
            return Optional.empty();
        }
        try (Stream<Path> names = Files.list(campaigns)) {
            for (Path c : names.toList()) {
                Path cells = c.resolve("cells");
                if (!Files.isDirectory(cells)) {
                    continue;
                }
                try (Stream<Path> list = Files.list(cells)) {
                    Optional<Path> found = list.filter(p -> p.getFileName().toString().contains(marker))
                            .filter(p -> Files.exists(p.resolve("lease-0000")) && Files.exists(p.resolve("beat-0000"))
                                    && !Files.exists(p.resolve("result.json")))
                            .sorted().reduce((a, b) -> b);
                    if (found.isPresent()) {
                        return found;
                    }
                }
            }
        }
        return Optional.empty();
    }
}
