package io.deepunlearn.core.perf;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import io.deepunlearn.core.data.Batch;
import io.deepunlearn.core.data.DataLocator;
import io.deepunlearn.core.data.Datasets;
import io.deepunlearn.core.data.Loader;
import io.deepunlearn.core.data.TensorDataset;
import io.deepunlearn.core.engine.Engines;
import io.deepunlearn.core.model.Architectures;
import io.deepunlearn.core.model.ModelSpec;
import io.deepunlearn.core.model.Network;
import io.deepunlearn.core.train.Losses;
import io.deepunlearn.core.train.Sgd;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Iterator;

/**
 * Where one training step's time goes, phase by phase (batch assembly, forward + loss, backward, loss read,
 * SGD update, freeing the step's tensors), as the calling thread's CPU time and as wall time. Run it with
 * {@code -Dai.djl.pytorch.num_threads=1}: the kernels then run on the calling thread, so its CPU time is the
 * whole cost and stays meaningful on a machine shared with other jobs. {@code bench/step_profile.py} is the
 * PyTorch counterpart. Usage: {@code StepProfile <model> <train-size> <batch> <steps> [trace.json]}; with a
 * trace file, the timed steps also run under PyTorch's autograd profiler (through DJL) and its Chrome trace is
 * written there ({@code bench/trace_summary.py} ranks the operators by self time).
 */
public final class StepProfile {

    private static final String[] PHASES = {"assemble", "forward", "backward", "read", "update", "free"};
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private StepProfile() {
    }

    public static void main(String[] args) {
        String model = args[0];
        int n = Integer.parseInt(args[1]);
        int batch = Integer.parseInt(args[2]);
        int steps = Integer.parseInt(args[3]);
        String trace = args.length > 4 ? args[4] : null;
        Engines.pytorch();
        TensorDataset data = TensorDataset.prepare(
                Datasets.load("fashion-mnist", DataLocator.standard(null)).limit(n, 100, 1).train(),
                Datasets.load("fashion-mnist", DataLocator.standard(null)).transforms());
        long[] cpu = new long[PHASES.length];
        long[] wall = new long[PHASES.length];
        long faults = 0;
        try (NDManager m = Engines.pytorch().newBaseManager()) {
            Network net = Architectures.create(new ModelSpec(model, 10, 3, 32), m.newSubManager(), 0);
            Sgd sgd = new Sgd(net.parameters(), 0.01, 0.9, 5e-4);
            Loader loader = new Loader(data, batch, true, false, 7);
            try (NDManager scope = net.manager().newSubManager()) {
                Iterator<Batch> it = loader.cycle(scope);
                for (int s = -3; s < steps; s++) { // three warm-up steps
                    boolean timed = s >= 0;
                    if (s == 0) {
                        faults = -minorFaults();
                        if (trace != null) {
                            JniUtils.startProfile(false, false, false);
                        }
                    }
                    Clock clock = new Clock(timed ? cpu : new long[PHASES.length], timed ? wall : new long[PHASES.length]);
                    NDManager step = scope.newSubManager();
                    Batch b = it.next();
                    b.x().attach(step);
                    b.y().attach(step);
                    clock.lap(0);
                    NDArray loss;
                    try (GradientCollector gc = Engines.pytorch().newGradientCollector()) {
                        loss = Losses.crossEntropy(net.forward(b.x(), true), b.y());
                        clock.lap(1);
                        gc.backward(loss);
                        clock.lap(2);
                    }
                    loss.getFloat();
                    clock.lap(3);
                    sgd.step();
                    clock.lap(4);
                    step.close();
                    clock.lap(5);
                }
            }
            faults += minorFaults();
            if (trace != null) {
                JniUtils.stopProfile(trace);
            }
        }
        report("djl", model, batch, steps, cpu, wall, faults);
    }

    /** The process's minor page faults so far (field 10 of /proc/self/stat), or 0 where there is no procfs. */
    static long minorFaults() {
        try {
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/self/stat"));
            return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[7]);
        } catch (java.io.IOException | RuntimeException e) {
            return 0;
        }
    }

    static void report(String engine, String model, int batch, int steps, long[] cpu, long[] wall, long faults) {
        long totalCpu = 0;
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < PHASES.length; i++) {
            totalCpu += cpu[i];
            sb.append(String.format(" %s=%.2f/%.2f", PHASES[i], cpu[i] / 1e6 / steps, wall[i] / 1e6 / steps));
        }
        System.out.printf("PHASES engine=%s model=%s batch=%d steps=%d ms_per_step(cpu/wall):%s total_cpu=%.2f"
                + " minor_faults_per_step=%d%n", engine, model, batch, steps, sb, totalCpu / 1e6 / steps, faults / steps);
    }

    /** Accumulates per-phase CPU and wall time between successive laps. */
    private static final class Clock {
        private final long[] cpu;
        private final long[] wall;
        private long lastCpu = THREADS.getCurrentThreadCpuTime();
        private long lastWall = System.nanoTime();

        Clock(long[] cpu, long[] wall) {
            this.cpu = cpu;
            this.wall = wall;
        }

        void lap(int phase) {
            long c = THREADS.getCurrentThreadCpuTime();
            long w = System.nanoTime();
            cpu[phase] += c - lastCpu;
            wall[phase] += w - lastWall;
            lastCpu = c;
            lastWall = w;
        }
    }
}
