package io.deepunlearn.cli;

import io.deepunlearn.campaign.CampaignWorker;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** How a campaign worker claims, beats and reports (durations in ISO-8601, e.g. PT2M). */
final class WorkerOptions {

    @Option(names = "--lease-ttl", paramLabel = "DURATION", defaultValue = "PT2M",
            description = "Silence after which another worker takes a claimed cell over. Default: ${DEFAULT-VALUE}.")
    Duration leaseTtl;

    @Option(names = "--heartbeat", paramLabel = "DURATION", defaultValue = "PT15S",
            description = "Heartbeat period of a running cell (shorter than --lease-ttl). Default: ${DEFAULT-VALUE}.")
    Duration heartbeat;

    @Option(names = "--poll", paramLabel = "DURATION", defaultValue = "PT5S",
            description = "Pause between listings while no cell is ready. Default: ${DEFAULT-VALUE}.")
    Duration poll;

    @Option(names = "--max-attempts", paramLabel = "N", defaultValue = "3",
            description = "Attempts of a cell whose workers keep dying before it is given up as failed. Default: ${DEFAULT-VALUE}.")
    int maxAttempts;

    @Option(names = "--metrics-port", paramLabel = "PORT", defaultValue = "${env:DEEPUNLEARN_CAMPAIGN_METRICS_PORT:--1}",
            description = "Serve Prometheus metrics at :PORT/metrics (0: any free port; -1: off; env DEEPUNLEARN_CAMPAIGN_METRICS_PORT). Default: ${DEFAULT-VALUE}.")
    int metricsPort;

    @Option(names = "--worker-id", paramLabel = "ID",
            description = "This worker's name in leases, results and logs. Default: host name (the pod's), Job completion index and pid.")
    String workerId;

    CampaignWorker.Settings settings() {
        return new CampaignWorker.Settings(workerId != null ? workerId : defaultId(), leaseTtl, heartbeat, poll,
                maxAttempts, Duration.ofMinutes(1));
    }

    private static String defaultId() {
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (java.io.IOException e) {
                host = "worker";
            }
        }
        String index = System.getenv("JOB_COMPLETION_INDEX");
        return host + (index != null ? "-i" + index : "") + "-" + ProcessHandle.current().pid();
    }

    /**
     * These options as arguments for the {@code k}-th local child worker (without the id): a metrics port P > 0
     * becomes P + k, so that N workers on one machine do not collide; 0 (any free port) stays 0.
     */
    List<String> asArgs(int k) {
        List<String> args = new ArrayList<>(List.of("--lease-ttl", leaseTtl.toString(), "--heartbeat",
                heartbeat.toString(), "--poll", poll.toString(), "--max-attempts", String.valueOf(maxAttempts)));
        if (metricsPort >= 0) {
            args.addAll(List.of("--metrics-port", String.valueOf(metricsPort == 0 ? 0 : metricsPort + k)));
        }
        return args;
    }
}
