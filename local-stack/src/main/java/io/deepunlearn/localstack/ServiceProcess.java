package io.deepunlearn.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One service (a Quarkus fast-jar) as a separate {@code java -jar} process with its own log file; started with the
 * environment a deployment would give it and considered up once {@code /q/health/ready} answers 200.
 *
 * <p>It can be stopped the ways a pod is: {@link #terminate} (SIGTERM, the graceful path), {@link #kill} (SIGKILL:
 * no shutdown hooks, no drain) and {@link #restart} (a new process with the same command line, port and
 * environment, plus one-off overrides such as a crash point). Each launch appends to the same log.
 */
public final class ServiceProcess implements AutoCloseable {

    private final String name;
    private final int port;
    private final List<String> command;
    private final Map<String, String> env;
    private final Path log;
    private volatile Process process;
    /** False after an operator stop ({@link #terminate}): a supervisor leaves it down. A crash keeps it true. */
    private volatile boolean wanted = true;
    private volatile int launches;

    private ServiceProcess(String name, int port, List<String> command, Map<String, String> env, Path log) {
        this.name = name;
        this.port = port;
        this.command = List.copyOf(command);
        this.env = Map.copyOf(env);
        this.log = log;
    }

    public static ServiceProcess start(String name, Path jar, int port, Map<String, String> env, Path logDir) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(name + " is not built: " + jar + " is missing (run ./mvnw -B package -DskipTests)");
        }
        return launch(name, List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dai.djl.offline=true", "-XX:TieredStopAtLevel=1", "-Xmx1g", "-jar", jar.toString()), port, env, logDir);
    }

    /** Any command that serves {@code /q/health/ready} on {@code QUARKUS_HTTP_PORT} (tests use a tiny server). */
    static ServiceProcess launch(String name, List<String> command, int port, Map<String, String> env, Path logDir) {
        Map<String, String> full = new HashMap<>(env);
        full.put("QUARKUS_HTTP_PORT", String.valueOf(port));
        full.put("OPT_OUT_TRACKING", "true");
        try {
            Files.createDirectories(logDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + logDir, e);
        }
        ServiceProcess p = new ServiceProcess(name, port, command, full, logDir.resolve(name + ".log"));
        p.spawn(Map.of());
        return p;
    }

    private synchronized void spawn(Map<String, String> overrides) {
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            pb.environment().putAll(env);
            pb.environment().putAll(overrides);
            process = pb.start();
            launches++;
            wanted = true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public Path log() {
        return log;
    }

    /** The operating-system process id of the current launch. */
    public long pid() {
        return process.pid();
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** How many times this service was launched (1 + restarts). */
    public int launches() {
        return launches;
    }

    /** False once stopped on purpose ({@link #terminate}); true again after {@link #restart}. */
    public boolean wanted() {
        return wanted;
    }

    /** The exit code of the current launch, waiting up to {@code timeout} for it to end; -1 if it is still running. */
    public int awaitExit(Duration timeout) {
        try {
            Process p = process;
            return p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? p.exitValue() : -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** SIGKILL ({@code kill -9}): the process dies at once, as a lost pod would. Returns its exit code. */
    public synchronized int kill() {
        Process p = process;
        p.destroyForcibly();
        return awaitExit(Duration.ofSeconds(10));
    }

    /**
     * SIGTERM, as Kubernetes sends it: Quarkus drains (the run in progress may finish) and exits; after
     * {@code grace} a SIGKILL, as the kubelet would. The service stays down (a supervisor leaves it). Returns the
     * exit code.
     */
    public synchronized int terminate(Duration grace) {
        wanted = false;
        Process p = process;
        if (!p.isAlive()) {
            return p.exitValue();
        }
        p.destroy();
        int code = awaitExit(grace);
        return code != -1 ? code : kill();
    }

    /**
     * Starts the service again (terminating the current launch first if it still runs) with the same command, port
     * and environment, plus {@code overrides} for this launch only (e.g. {@code DEEPUNLEARN_CRASH_AT}). Does not
     * wait for readiness ({@link #awaitReady}).
     */
    public synchronized void restart(Map<String, String> overrides) {
        if (process.isAlive()) {
            terminate(Duration.ofSeconds(30));
        }
        spawn(overrides);
    }

    /** Waits for readiness; fails early (with the log's tail) if the process dies. */
    public void awaitReady(Duration timeout) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Process p = process;
            if (!p.isAlive()) {
                throw new IllegalStateException(name + " exited with " + p.exitValue() + "; log tail:\n" + tail(40));
            }
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(url() + "/q/health/ready"))
                        .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + name, e);
            }
            sleep(500);
        }
        throw new IllegalStateException(name + " not ready within " + timeout + "; log tail:\n" + tail(40));
    }

    public String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Sleeps, keeping the interrupt flag (harness pauses). */
    public static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGTERM (Quarkus shuts down gracefully), then a hard kill after 20 s. */
    @Override
    public void close() {
        terminate(Duration.ofSeconds(20));
    }
}
