package io.deepunlearn.cli;

import io.deepunlearn.core.tune.TrialStore;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Fans a search's seeds out over worker processes on this machine. Each worker is a JVM of its own (DJL allows one
 * open gradient collector per JVM, so trials cannot run on threads of one JVM) running {@code tune} for its seeds;
 * all append to the shared trials.jsonl under a file lock, and the parent selects the best trial once they end.
 * The number of workers is capped by the seeds, the cores and the available memory; beyond one machine, the
 * pipeline's Kafka workers are the engine (docs/tuning.md).
 */
final class TuneWorkers {

    /** Rough peak resident memory of one worker (JVM + libtorch + data + models), by architecture. */
    static long bytesPerWorker(String arch) {
        return (arch.startsWith("resnet") ? 3L : 1L) << 30;
    }

    static int affordable(int requested, int seeds, String arch) {
        int n = Math.min(requested, Math.min(seeds, Runtime.getRuntime().availableProcessors()));
        long available = availableMemory();
        if (available > 0) {
            n = (int) Math.min(n, Math.max(1, available / bytesPerWorker(arch)));
        }
        if (n < requested) {
            System.err.printf("tune: running %d worker process(es) (asked for %d; seeds, cores and memory allow %d)%n",
                    n, requested, n);
        }
        return Math.max(1, n);
    }

    /** MemAvailable from /proc/meminfo, else the JVM's view of free physical memory, else -1. */
    static long availableMemory() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemAvailable:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // fall through
        }
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getFreeMemorySize();
        }
        return -1;
    }

    /** Round-robin groups of seeds. */
    static List<List<Integer>> partition(List<Integer> seeds, int groups) {
        List<List<Integer>> out = new ArrayList<>();
        for (int g = 0; g < groups; g++) {
            out.add(new ArrayList<>());
        }
        for (int i = 0; i < seeds.size(); i++) {
            out.get(i % groups).add(seeds.get(i));
        }
        return out;
    }

    /** The parent's arguments without --seeds/--seed-list/--workers (and their values), for the workers to extend. */
    static List<String> inheritedArgs(List<String> args) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--seeds") || a.equals("--seed-list") || a.equals("--workers")) {
                i++; // skip the value too
            } else if (!a.startsWith("--seeds=") && !a.startsWith("--seed-list=") && !a.startsWith("--workers=")
                    && !a.equals("--no-progress")) {
                out.add(a);
            }
        }
        return out;
    }

    private final Path dir;
    private final long totalTrials;
    private final boolean bar;
    private final List<String> parentArgs;

    TuneWorkers(Path dir, long totalTrials, boolean bar, List<String> parentArgs) {
        this.dir = dir;
        this.totalTrials = totalTrials;
        this.bar = bar;
        this.parentArgs = parentArgs;
    }

    /** Starts one worker per seed group, shows their joint progress and waits for all of them. */
    void run(List<List<Integer>> groups) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        List<Process> processes = new ArrayList<>();
        List<Path> logs = new ArrayList<>();
        Set<Integer> seeds = groups.stream().flatMap(List::stream).collect(Collectors.toSet());
        for (int k = 0; k < groups.size(); k++) {
            List<String> cmd = new ArrayList<>();
            cmd.addAll(inheritedArgs(parentArgs));
            cmd.add("--seed-list");
            cmd.add(groups.get(k).stream().map(String::valueOf).collect(Collectors.joining(",")));
            cmd.add("--worker");
            cmd.add("--no-progress");
            Path log = dir.resolve("worker-" + k + ".log");
            logs.add(log);
            processes.add(new ProcessBuilder(ChildJvm.command(cmd)).redirectErrorStream(true).redirectOutput(log.toFile()).start());
        }
        ProgressBars progress = new ProgressBars(bar);
        progress.start("tune (" + groups.size() + " workers)", totalTrials);
        TrialStore store = new TrialStore(dir.resolve("trials.jsonl"));
        try {
            while (processes.stream().anyMatch(Process::isAlive)) {
                Thread.sleep(2000);
                progress.step(store.readAll().stream().filter(t -> seeds.contains(t.seed())).count(), "trials logged");
            }
        } finally {
            processes.forEach(Process::destroy); // only reached early on an interrupt
        }
        progress.finish(groups.size() + " workers done");
        for (int k = 0; k < processes.size(); k++) {
            if (processes.get(k).exitValue() != 0) {
                List<String> log = Files.readAllLines(logs.get(k));
                throw new IllegalStateException("tune worker " + k + " (seeds " + groups.get(k) + ") exited with "
                        + processes.get(k).exitValue() + " (see " + logs.get(k) + "): "
                        + String.join(" | ", log.subList(Math.max(0, log.size() - 3), log.size())));
            }
        }
    }
}
