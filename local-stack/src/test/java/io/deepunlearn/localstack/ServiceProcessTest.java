package io.deepunlearn.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepunlearn.infra.Ports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real processes (a tiny HTTP server in a child JVM): kill -9, SIGTERM, restart, crash overrides, supervision. */
class ServiceProcessTest {

    @TempDir
    Path logs;

    private ServiceProcess tiny(String name) {
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), TinyService.class.getName());
        return ServiceProcess.launch(name, cmd, Ports.free(), Map.of(), logs);
    }

    @Test
    void killIsSigkillTerminateIsSigtermAndRestartIsANewProcessOnTheSamePort() throws Exception {
        ServiceProcess p = tiny("svc");
        try {
            p.awaitReady(Duration.ofSeconds(30));
            long first = p.pid();
            assertThat(ProcessHandle.of(first)).isPresent();
            assertThat(p.kill()).isEqualTo(137);
            assertThat(ProcessHandle.of(first).map(ProcessHandle::isAlive).orElse(false)).isFalse();

            p.restart(Map.of());
            p.awaitReady(Duration.ofSeconds(30));
            assertThat(p.pid()).isNotEqualTo(first);
            assertThat(p.launches()).isEqualTo(2);
            assertThat(p.terminate(Duration.ofSeconds(10))).isEqualTo(143);
            assertThat(p.wanted()).isFalse();

            // a one-off override (a crash point) applies to that launch only
            p.restart(Map.of("DEEPUNLEARN_CRASH_AT", "now"));
            assertThat(p.awaitExit(Duration.ofSeconds(30))).isEqualTo(137);
            p.restart(Map.of());
            p.awaitReady(Duration.ofSeconds(30));
            assertThat(p.alive()).isTrue();
            assertThat(Files.readString(p.log())).contains("crash-at=now").contains("crash-at=null");
        } finally {
            p.close();
        }
    }

    @Test
    void theSupervisorRestartsACrashedServiceButNotOneStoppedOnPurpose() {
        ServiceProcess crashed = tiny("crashed");
        ServiceProcess stopped = tiny("stopped");
        List<String> events = new CopyOnWriteArrayList<>();
        try (Supervisor s = Supervisor.start(() -> List.of(crashed, stopped), Duration.ofMillis(200), events::add)) {
            crashed.awaitReady(Duration.ofSeconds(30));
            stopped.awaitReady(Duration.ofSeconds(30));
            long pid = crashed.pid();
            crashed.kill();
            stopped.terminate(Duration.ofSeconds(10));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (crashed.launches() < 2 && System.nanoTime() < deadline) {
                ServiceProcess.sleep(100);
            }
            crashed.awaitReady(Duration.ofSeconds(30));
            assertThat(crashed.pid()).isNotEqualTo(pid);
            assertThat(s.restarts()).isEqualTo(1);
            assertThat(stopped.alive()).isFalse();
            assertThat(events).singleElement().asString().contains("crashed exited with 137; restarted");
        } finally {
            crashed.close();
            stopped.close();
        }
    }
}
