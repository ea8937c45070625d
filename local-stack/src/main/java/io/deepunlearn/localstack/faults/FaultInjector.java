package io.deepunlearn.localstack.faults;

import io.deepunlearn.localstack.LocalStack;
import io.deepunlearn.localstack.ServiceProcess;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Seeded random faults against a supervised {@link LocalStack}: {@code kill -9} or SIGTERM (then a restart, as a
 * rolling update would) of a random service, an unlearner replica started (scale-up) or stopped (scale-in) or
 * killed, a broker restart, an S3 outage. A killed service is brought back by the stack's {@code Supervisor}, so
 * faults can overlap as they do in a cluster. The same seed gives the same sequence of choices.
 */
public final class FaultInjector {

    private static final String UNLEARNER = "unlearner-service";
    private static final Duration GRACE = Duration.ofSeconds(30);
    private final LocalStack stack;
    private final Random random;
    private int injected;

    public FaultInjector(LocalStack stack, long seed) {
        this.stack = stack;
        this.random = new Random(seed);
    }

    /** Faults injected so far. */
    public int injected() {
        return injected;
    }

    /** Injects one random fault and describes it. */
    public String injectOne() {
        List<String> services = List.copyOf(LocalStack.SERVICES.keySet());
        String target = services.get(random.nextInt(services.size()));
        String replica = stack.services().stream().map(ServiceProcess::name)
                .filter(n -> n.startsWith(UNLEARNER + "-")).findFirst().orElse(null);
        int dice = random.nextInt(100);
        String what;
        if (dice < 40) {
            int code = stack.kill(target);
            what = "kill -9 " + target + " (exit " + code + ")";
        } else if (dice < 60) {
            long t0 = System.nanoTime();
            int code = stack.stop(target, GRACE);
            what = String.format("SIGTERM %s (exit %d after a %.1f s drain), restarted", target, code, seconds(t0));
            stack.restart(target, Map.of(), false);
        } else if (dice < 80) {
            if (replica == null) {
                what = "scale-up: " + stack.startReplica(UNLEARNER, Map.of()).name() + " started";
            } else if (random.nextBoolean()) {
                long t0 = System.nanoTime();
                stack.removeReplica(replica, GRACE);
                what = String.format("scale-in: SIGTERM %s (gone after a %.1f s drain)", replica, seconds(t0));
            } else {
                what = "kill -9 " + replica + " (exit " + stack.kill(replica) + ")";
            }
        } else if (dice < 90) {
            stack.infrastructure().kafka().stop();
            ServiceProcess.sleep(3000 + random.nextInt(5000));
            stack.infrastructure().kafka().restart();
            what = "broker restart";
        } else {
            stack.infrastructure().s3().stop();
            ServiceProcess.sleep(3000 + random.nextInt(8000));
            stack.infrastructure().s3().resume();
            what = "S3 outage";
        }
        injected++;
        return what;
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
