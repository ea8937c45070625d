package io.deepunlearn.deploy;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the command-line validators (kubectl, promtool, docker-compose). A missing binary fails the test with the
 * package that provides it: ./test installs them (CI runs it through .ci/run), and a silent skip would hide an unvalidated deployment.
 */
final class ExternalTool {

    record Result(int exitCode, String output) {
        boolean ok() {
            return exitCode == 0;
        }
    }

    private final String binary;

    private ExternalTool(String binary) {
        this.binary = binary;
    }

    static ExternalTool kubectl() {
        return require("kubectl", "kubectl (kustomize v5 built in); Debian: the kubernetes-client package or the upstream kubectl binary");
    }

    static ExternalTool promtool() {
        return require("promtool", "the Debian package 'prometheus'");
    }

    static ExternalTool prometheus() {
        return require("prometheus", "the Debian package 'prometheus'");
    }

    static ExternalTool dockerCompose() {
        return require("docker-compose", "the Debian package 'docker-compose' (1.29 validates without a Docker engine)");
    }

    static ExternalTool require(String name, String providedBy) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return new ExternalTool(candidate.toString());
            }
        }
        throw new AssertionError(name + " is not on PATH, so this deployment check cannot run. Install " + providedBy
                + " (./test does this; CI runs it through .ci/run).");
    }

    String binary() {
        return binary;
    }

    Result run(Duration timeout, String... args) {
        return run(timeout, Map.of(), args);
    }

    /** Runs with the given extra environment; stdout and stderr are merged. */
    Result run(Duration timeout, Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>();
        command.add(binary);
        command.addAll(List.of(args));
        Path log = null;
        try {
            log = Files.createTempFile("deploy-validation", ".log");
            ProcessBuilder builder = new ProcessBuilder(command).directory(Repo.root().toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().putAll(env);
            Process process = builder.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish within " + timeout);
            }
            return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError("could not run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + command, e);
        } finally {
            if (log != null) {
                log.toFile().delete();
            }
        }
    }
}
