package io.deepunlearn.localstack;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Restarts services that died, as a Deployment's controller would: every {@code interval} it looks at each service
 * and relaunches one whose process has exited without being stopped on purpose (a crash, a {@code kill -9}, a
 * crash point). Services stopped with {@link ServiceProcess#terminate} (scale-in, an operator stop) stay down.
 * Each restart is reported to {@code log}.
 */
public final class Supervisor implements AutoCloseable {

    private final Supplier<List<ServiceProcess>> services;
    private final Duration interval;
    private final Consumer<String> log;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile int restarts;

    private Supervisor(Supplier<List<ServiceProcess>> services, Duration interval, Consumer<String> log) {
        this.services = services;
        this.interval = interval;
        this.log = log;
        this.thread = new Thread(this::loop, "local-stack-supervisor");
        thread.setDaemon(true);
    }

    /** Starts watching {@code services} (read again on every round: replicas come and go). */
    public static Supervisor start(Supplier<List<ServiceProcess>> services, Duration interval, Consumer<String> log) {
        Supervisor s = new Supervisor(services, interval, log);
        s.thread.start();
        return s;
    }

    /** Restarts done so far. */
    public int restarts() {
        return restarts;
    }

    private void loop() {
        while (running) {
            ServiceProcess.sleep(interval.toMillis());
            for (ServiceProcess p : services.get()) {
                if (running) {
                    check(p);
                }
            }
        }
    }

    /** One check of one service; restarts it when it died unwanted. Package-private for the test. */
    void check(ServiceProcess p) {
        synchronized (p) {
            if (p.alive() || !p.wanted()) {
                return;
            }
            int code = p.awaitExit(Duration.ZERO);
            try {
                p.restart(java.util.Map.of());
                restarts++;
                log.accept("supervisor: " + p.name() + " exited with " + code + "; restarted (launch #" + p.launches()
                        + ", pid " + p.pid() + ")");
            } catch (RuntimeException e) {
                log.accept("supervisor: cannot restart " + p.name() + ": " + e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
