package io.deepunlearn.core.perf;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import io.deepunlearn.core.bench.HyperParameterResolver;
import io.deepunlearn.core.data.DataLocator;
import io.deepunlearn.core.data.DataSplits;
import io.deepunlearn.core.data.DatasetBundle;
import io.deepunlearn.core.data.Datasets;
import io.deepunlearn.core.data.TensorDataset;
import io.deepunlearn.core.engine.Engines;
import io.deepunlearn.core.method.HyperParameters;
import io.deepunlearn.core.method.Methods;
import io.deepunlearn.core.method.UnlearningContext;
import io.deepunlearn.core.method.UnlearningData;
import io.deepunlearn.core.method.UnlearningMethod;
import io.deepunlearn.core.model.Architectures;
import io.deepunlearn.core.model.ModelSpec;
import io.deepunlearn.core.model.Network;
import io.deepunlearn.core.train.ProgressListener;
import io.deepunlearn.core.train.TrainConfig;
import io.deepunlearn.core.train.Trainer;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * The RTE check of issue 7 (not a test: surefire never runs it). On Fashion-MNIST with the small CNN it trains
 * the original (D_r + D_f) and times Retrain (D_r only, the benchmark's training recipe), then times each method's
 * {@code unlearn} call at the benchmark's default hyperparameters on a copy of the original, as
 * {@code BenchmarkRunner} does. A sampler thread reads the calling thread's stack every 5 ms (the same rate
 * whether it is in Java or in native code, unlike JFR's native sampler, which takes one native thread per period)
 * and attributes each sample to:
 * <ul>
 *   <li>model compute: the top frame is a native PyTorch call (forward, backward, losses, optimiser), not below
 *       the loader or the metrics code;</li>
 *   <li>data assembly: below {@code io.deepunlearn.core.data} (batch building, including its native copies);</li>
 *   <li>evaluation: below {@code io.deepunlearn.core.metric} (including its forward passes);</li>
 *   <li>I/O: below the checkpoint package or java.io / java.nio file code;</li>
 *   <li>other Java: the rest (method logic, DJL's Java wrappers around each native call, JIT, waiting for a
 *       safepoint); GC pauses are reported apart from the JVM's collector counters.</li>
 * </ul>
 * Usage: {@code RteCheck [train-size] [training epochs] [methods]}; prints {@code TIME} and {@code RTE} lines.
 */
public final class RteCheck {

    enum Share { MODEL, DATA, EVALUATION, IO, OTHER_JAVA }

    private RteCheck() {
    }

    public static void main(String[] args) throws Exception {
        int trainSize = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        List<String> methods = List.of((args.length > 2 ? args[2] : "MSG,CT,NG+,FT").split(","));
        Engines.pytorch();
        DatasetBundle bundle = Datasets.load("fashion-mnist", DataLocator.standard(null)).limit(trainSize, 2000, 0);
        DataSplits splits = DataSplits.create(bundle.train().size(), bundle.test().size(), DataSplits.DEFAULT_SEED);
        TensorDataset pool = TensorDataset.prepare(bundle.train(), bundle.transforms());
        UnlearningData data = new UnlearningData(pool.subset(splits.retain()), pool.subset(splits.forget()),
                pool.subset(splits.val()));
        // the benchmark's training recipe (bench defaults): batch 256, lr 0.1, momentum 0.9, wd 5e-4, augmentation
        TrainConfig cfg = new TrainConfig(epochs, 256, 0.1, 0.9, 5e-4, true, DataSplits.DEFAULT_SEED);
        ModelSpec spec = new ModelSpec("small-cnn", bundle.numClasses(), 3, bundle.transforms().size());
        System.out.printf("INFO dataset=%s train_pool=%d retain=%d forget=%d val=%d epochs=%d engine=%s threads=%d%n",
                bundle.name(), pool.size(), data.retain().size(), data.forget().size(), data.val().size(), epochs,
                Engines.describe(), ai.djl.pytorch.jni.JniUtils.getNumThreads());
        HyperParameterResolver resolver = new HyperParameterResolver(Map.of(), null, false);
        try (NDManager m = Engines.pytorch().newBaseManager()) {
            Network original = Architectures.create(spec, m.newSubManager(), 0);
            Trainer.train(original, data.retain().concat(data.forget()), cfg, ProgressListener.NONE);
            Network retrain = Architectures.create(spec, m.newSubManager(), 0);
            double tRetrain = measure("Retrain", () -> Trainer.train(retrain, data.retain(), cfg, ProgressListener.NONE));
            for (String name : methods) {
                UnlearningMethod method = Methods.get(name);
                HyperParameters hp = resolver.resolve(method);
                Network copy = original.copy();
                Network[] out = new Network[1];
                double t = measure(name, () -> {
                    Engine.getInstance().setRandomSeed(0);
                    out[0] = method.unlearn(new UnlearningContext(copy, data, 0, ProgressListener.NONE), hp);
                });
                System.out.printf("RTE method=%s rte=%.3f retrain_s=%.2f method_s=%.2f hp=%s%n", name, tRetrain / t,
                        tRetrain, t, hp.asMap());
                if (out[0] != null && out[0] != copy) {
                    out[0].close();
                }
                copy.close();
            }
        }
    }

    /** Runs {@code run} while sampling this thread; prints wall time and the attribution; returns the seconds. */
    private static double measure(String name, Runnable run) throws InterruptedException {
        Thread target = Thread.currentThread();
        Map<Share, Integer> samples = new EnumMap<>(Share.class);
        for (Share s : Share.values()) {
            samples.put(s, 0);
        }
        AtomicBoolean done = new AtomicBoolean();
        Thread sampler = new Thread(() -> {
            while (!done.get()) {
                Share s = classify(target.getStackTrace());
                synchronized (samples) {
                    samples.merge(s, 1, Integer::sum);
                }
                LockSupport.parkNanos(5_000_000);
            }
        }, "rte-sampler");
        sampler.setDaemon(true);
        long gc0 = gcMillis();
        long start = System.nanoTime();
        sampler.start();
        run.run();
        long end = System.nanoTime();
        done.set(true);
        sampler.join();
        double gcSeconds = (gcMillis() - gc0) / 1e3;
        double seconds = (end - start) / 1e9;
        int total = samples.values().stream().mapToInt(Integer::intValue).sum();
        StringBuilder sb = new StringBuilder();
        for (Share s : Share.values()) {
            sb.append(String.format(" %s=%.1f%%", s.name().toLowerCase(), 100.0 * samples.get(s) / Math.max(1, total)));
        }
        double outside = 100.0 - 100.0 * samples.get(Share.MODEL) / Math.max(1, total);
        System.out.printf("TIME method=%s seconds=%.2f outside_model_compute=%.1f%%%s samples=%d gc_pause_s=%.2f%n",
                name, seconds, outside, sb, total, gcSeconds);
        return seconds;
    }

    private static long gcMillis() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(GarbageCollectorMXBean::getCollectionTime).filter(t -> t > 0).sum();
    }

    static Share classify(StackTraceElement[] frames) {
        if (frames.length == 0) {
            return Share.OTHER_JAVA;
        }
        for (StackTraceElement f : frames) {
            String cls = f.getClassName();
            if (cls.startsWith("io.deepunlearn.core.data.")) {
                return Share.DATA;
            }
            if (cls.startsWith("io.deepunlearn.core.metric.")) {
                return Share.EVALUATION;
            }
            if (cls.startsWith("io.deepunlearn.core.checkpoint.") || cls.startsWith("java.io.File")
                    || cls.startsWith("sun.nio.ch.File") || cls.startsWith("java.nio.file.")) {
                return Share.IO;
            }
        }
        boolean nativeTorch = frames[0].isNativeMethod()
                && frames[0].getClassName().equals("ai.djl.pytorch.jni.PyTorchLibrary");
        return nativeTorch ? Share.MODEL : Share.OTHER_JAVA;
    }
}
