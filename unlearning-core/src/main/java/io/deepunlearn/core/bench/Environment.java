package io.deepunlearn.core.bench;

import io.deepunlearn.core.engine.Engines;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/** Versions and machine facts recorded with every result (reproducibility). */
public record Environment(String deepunlearnVersion, String gitCommit, String engine, String java, String os,
                          String cpu, int cores, long memoryBytes, String threads, String createdAt) {

    public static Environment capture() {
        return new Environment(
                version(),
                commitId(),
                Engines.describe(),
                System.getProperty("java.vendor") + " " + System.getProperty("java.version"),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
                cpuModel(),
                Runtime.getRuntime().availableProcessors(),
                totalMemory(),
                System.getProperty("ai.djl.pytorch.num_threads", "default"),
                Instant.now().toString());
    }

    /** The build's version; the manifest's as a fallback; null (not "null") when neither is known. */
    private static String version() {
        String v = BuildInfo.current().version();
        return v != null ? v : Environment.class.getPackage().getImplementationVersion();
    }

    /** $DEEPUNLEARN_GIT_COMMIT (set by the launcher), else the commit built into the jar, else git in the cwd. */
    private static String commitId() {
        String env = System.getenv("DEEPUNLEARN_GIT_COMMIT");
        if (env != null && !env.isBlank()) {
            return env;
        }
        if (BuildInfo.current().commit() != null) {
            return BuildInfo.current().commit();
        }
        try {
            Process p = new ProcessBuilder("git", "rev-parse", "HEAD").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            return p.waitFor() == 0 ? out : "unknown";
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static long totalMemory() {
        try {
            return Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
                    .findFirst().map(l -> Long.parseLong(l.replaceAll("\\D+", "")) * 1024).orElse(-1L);
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }
}
