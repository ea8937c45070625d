package io.deepunlearn.core.perf;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import io.deepunlearn.core.data.Batch;
import io.deepunlearn.core.data.DataLocator;
import io.deepunlearn.core.data.DatasetBundle;
import io.deepunlearn.core.data.Datasets;
import io.deepunlearn.core.data.Loader;
import io.deepunlearn.core.data.TensorDataset;
import io.deepunlearn.core.engine.Engines;
import io.deepunlearn.core.metric.Evaluator;
import io.deepunlearn.core.model.Architectures;
import io.deepunlearn.core.model.ModelSpec;
import io.deepunlearn.core.model.Network;
import io.deepunlearn.core.train.Losses;
import io.deepunlearn.core.train.Sgd;
import io.deepunlearn.core.train.Trainer;
import io.deepunlearn.core.util.Npy;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The Java half of {@code bench/engine-parity} (not a test: surefire never runs it). It trains each model with
 * the project's own code path (Loader -> Network.forward -> Losses.crossEntropy -> GradientCollector -> Sgd, the
 * loop of {@link Trainer#epoch}) and times whole epochs, then times {@link Evaluator#predict} over a test set.
 * {@code bench/engine_parity.py} does the same in plain PyTorch on the data exported by {@code --export}.
 *
 * <p>Output lines: {@code RESULT engine=djl model=M phase=train|infer rep=i seconds=s}, plus diagnostics.
 */
public final class EngineParity {

    /** The engine name printed in RESULT lines ("djl", or e.g. "djl-baseline" for another build of the core). */
    private static String label = "djl";

    private EngineParity() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = parse(args);
        int trainSize = Integer.parseInt(opt.getOrDefault("train-size", "4000"));
        int testSize = Integer.parseInt(opt.getOrDefault("test-size", "2000"));
        if (opt.containsKey("export")) {
            export(Path.of(opt.get("export")), trainSize, testSize);
            return;
        }
        List<String> models = List.of(opt.getOrDefault("models", "small-cnn,resnet18").split(","));
        int epochs = Integer.parseInt(opt.getOrDefault("epochs", "2"));
        int batch = Integer.parseInt(opt.getOrDefault("batch", "128"));
        int warmup = Integer.parseInt(opt.getOrDefault("warmup-steps", "3"));
        Map<String, Integer> sizes = sizes(opt.getOrDefault("sizes", ""), trainSize);
        boolean countArrays = opt.containsKey("count-arrays");
        label = opt.getOrDefault("label", "djl");

        Engines.pytorch();
        DatasetBundle b = load(trainSize, testSize);
        TensorDataset train = TensorDataset.prepare(b.train(), b.transforms());
        TensorDataset test = TensorDataset.prepare(b.test(), b.transforms());
        System.out.println("INFO engine=djl " + Engines.describe() + " threads=" + ai.djl.pytorch.jni.JniUtils.getNumThreads()
                + " interop=" + ai.djl.pytorch.jni.JniUtils.getNumInteropThreads() + " data=" + b.name());
        for (String model : models) {
            int n = sizes.getOrDefault(model, trainSize);
            TensorDataset data = n >= train.size() ? train : train.subset(range(n));
            run(model, data, test, epochs, batch, warmup, countArrays);
        }
    }

    private static void run(String model, TensorDataset data, TensorDataset test, int epochs, int batch, int warmup,
                            boolean countArrays) {
        try (NDManager m = Engines.pytorch().newBaseManager()) {
            Network net = Architectures.create(new ModelSpec(model, 10, 3, data.imageSize()), m.newSubManager(), 0);
            Sgd sgd = new Sgd(net.parameters(), 0.01, 0.9, 5e-4);
            Loader loader = new Loader(data, batch, true, false, 7);
            warmUp(net, loader, sgd, warmup);
            if (countArrays) {
                countArraysPerStep(net, loader, sgd);
            }
            for (int e = 0; e < epochs; e++) {
                long t0 = System.nanoTime();
                long c0 = cpuNanos();
                double loss = Trainer.epoch(net, loader, e, sgd, xb -> Losses.crossEntropy(net.forward(xb.x(), true), xb.y()));
                System.out.printf("RESULT engine=%s model=%s phase=train rep=%d n=%d seconds=%.4f cpu=%.4f loss=%.4f%n",
                        label, model, e, data.size(), (System.nanoTime() - t0) / 1e9, (cpuNanos() - c0) / 1e9, loss);
            }
            for (int r = 0; r < epochs; r++) {
                long t0 = System.nanoTime();
                long c0 = cpuNanos();
                double acc = Evaluator.predict(net, test, Evaluator.DEFAULT_BATCH).accuracy();
                System.out.printf("RESULT engine=%s model=%s phase=infer rep=%d n=%d seconds=%.4f cpu=%.4f acc=%.4f%n",
                        label, model, r, test.size(), (System.nanoTime() - t0) / 1e9, (cpuNanos() - c0) / 1e9, acc);
            }
        }
    }

    /** CPU time of the whole process (all threads: the intra-op pool, JIT and GC included). */
    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** A few untimed steps so one-time costs (kernel selection, first allocations) stay out of the epochs. */
    private static void warmUp(Network net, Loader loader, Sgd sgd, int steps) {
        try (NDManager scope = net.manager().newSubManager()) {
            Iterator<Batch> it = loader.epoch(scope, 1000).iterator();
            for (int i = 0; i < steps && it.hasNext(); i++) {
                try (NDManager step = scope.newSubManager()) {
                    Batch b = it.next();
                    b.x().attach(step);
                    b.y().attach(step);
                    Trainer.step(sgd, xb -> Losses.crossEntropy(net.forward(xb.x(), true), xb.y()), b);
                }
            }
        }
    }

    /**
     * Prints how many NDArray handles one training step creates (every PtNDArray registers with the innermost
     * open {@link NDScope}; the scope's registry is read and emptied by reflection so nothing is closed twice)
     * and how many of them are still open in the step manager just before it is closed.
     */
    private static void countArraysPerStep(Network net, Loader loader, Sgd sgd) {
        try (NDManager scope = net.manager().newSubManager()) {
            Iterator<Batch> it = loader.epoch(scope, 1001).iterator();
            for (int i = 0; i < 3 && it.hasNext(); i++) {
                NDScope counter = new NDScope();
                try (NDManager step = scope.newSubManager()) {
                    Batch b = it.next();
                    b.x().attach(step);
                    b.y().attach(step);
                    Trainer.step(sgd, xb -> Losses.crossEntropy(net.forward(xb.x(), true), xb.y()), b);
                    System.out.printf("ARRAYS model=%s step=%d created=%d open_in_step_manager=%d%n",
                            net.spec().architecture(), i, drain(counter), step.getManagedArrays().size());
                } finally {
                    counter.close();
                }
            }
        }
    }

    /** The number of arrays registered with {@code scope}, which is then emptied. */
    private static int drain(NDScope scope) {
        try {
            java.lang.reflect.Field f = NDScope.class.getDeclaredField("resources");
            f.setAccessible(true);
            Map<?, ?> resources = (Map<?, ?>) f.get(scope);
            int n = resources.size();
            resources.clear();
            return n;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read NDScope's registry (DJL changed?)", e);
        }
    }

    private static DatasetBundle load(int trainSize, int testSize) {
        DatasetBundle full = Files.isDirectory(DataLocator.DEBIAN_ROOT.resolve("fashion-mnist"))
                ? Datasets.load("fashion-mnist", DataLocator.standard(null))
                : Datasets.load("synthetic", null);
        return full.limit(trainSize, testSize, 1);
    }

    /** Writes the prepared (normalised, 1-channel) train and test tensors for the PyTorch script. */
    private static void export(Path dir, int trainSize, int testSize) throws IOException {
        Engines.pytorch();
        DatasetBundle b = load(trainSize, testSize);
        Files.createDirectories(dir);
        for (String part : new String[] {"train", "test"}) {
            TensorDataset d = TensorDataset.prepare(part.equals("train") ? b.train() : b.test(), b.transforms());
            try (NDManager m = Engines.pytorch().newBaseManager()) {
                Batch all = Loader.plain(d, d.size()).epoch(m, 0).iterator().next();
                float[] x = all.x().get(new NDIndex(":, 0:1")).toFloatArray();
                writeFloats(dir.resolve(part + "_x.f32"), x);
                Npy.writeInt64(dir.resolve(part + "_y.npy"), d.labels());
            }
        }
        Files.writeString(dir.resolve("meta.txt"), "dataset=" + b.name() + " size=" + b.transforms().size() + "\n");
        System.out.println("INFO exported " + b.name() + " to " + dir);
    }

    private static void writeFloats(Path file, float[] values) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        buf.asFloatBuffer().put(values);
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(buf.array());
        }
    }

    private static int[] range(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = i;
        }
        return r;
    }

    /** "small-cnn=6000,resnet18=1000": per-model training-set sizes. */
    private static Map<String, Integer> sizes(String spec, int dflt) {
        Map<String, Integer> out = new HashMap<>();
        for (String kv : spec.split(",")) {
            if (kv.isBlank()) {
                continue;
            }
            String[] p = kv.split("=");
            int n = Integer.parseInt(p[1]);
            if (n > dflt) {
                throw new IllegalArgumentException("size for " + p[0] + " exceeds --train-size " + dflt);
            }
            out.put(p[0], n);
        }
        return out;
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> out = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + args[i]);
            }
            String key = args[i].substring(2);
            if (key.equals("count-arrays")) {
                out.put(key, "true");
            } else {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("--" + key + " needs a value");
                }
                out.put(key, args[++i]);
            }
        }
        return out;
    }
}
