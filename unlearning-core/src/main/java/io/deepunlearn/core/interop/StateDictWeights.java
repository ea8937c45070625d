package io.deepunlearn.core.interop;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.deepunlearn.core.model.Architectures;
import io.deepunlearn.core.model.ModelSpec;
import io.deepunlearn.core.model.Network;
import io.deepunlearn.core.model.Param;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A network's weights as a PyTorch {@code state_dict()} in a safetensors file: the network's own tensor names
 * (torchvision's for resnet18), float32 parameters and BatchNorm buffers, plus each BatchNorm's int64 scalar
 * {@code num_batches_tracked}, which PyTorch keeps and DeepUnlearn does not need (it only matters for
 * {@code momentum=None}): an import keeps the file's values (returned, for the checkpoint's metadata) and an
 * export writes them back, 0 for layers without one. So {@code load_state_dict(strict=True)} accepts an export,
 * and a torchvision {@code state_dict()} saved with safetensors imports. Docs: docs/integration.md.
 */
public final class StateDictWeights {

    /** Suffix of BatchNorm's step counter in PyTorch's state_dict. */
    public static final String NUM_BATCHES_TRACKED = ".num_batches_tracked";
    private static final String RUNNING_MEAN = ".running_mean";
    /** Checkpoint metadata key holding the imported {@code num_batches_tracked} values (name -> count). */
    public static final String META_COUNTERS = "torch_num_batches_tracked";
    private static final int LISTED = 8;

    private StateDictWeights() {
    }

    /**
     * An imported network (the caller closes it), the {@code num_batches_tracked} values found, and the file's
     * {@code __metadata__} and SHA-256.
     */
    public record Imported(Network network, Map<String, Long> numBatchesTracked, Map<String, String> fileMetadata,
                           String sha256) {
    }

    /** Checkpoint metadata for an import: where the weights came from, and the values DUNLCKPT has no slot for. */
    public static Map<String, Object> checkpointMetadata(Imported imported, Path file) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("role", "imported");
        meta.put("source_format", "safetensors");
        meta.put("source_file", file.getFileName().toString());
        meta.put("source_sha256", imported.sha256());
        if (!imported.fileMetadata().isEmpty()) {
            meta.put("source_metadata", imported.fileMetadata());
        }
        meta.put(META_COUNTERS, imported.numBatchesTracked());
        return meta;
    }

    /** The {@code num_batches_tracked} values recorded by {@link #checkpointMetadata}; empty when absent. */
    public static Map<String, Long> countersFrom(Map<String, Object> checkpointMetadata) {
        Map<String, Long> out = new LinkedHashMap<>();
        if (checkpointMetadata != null && checkpointMetadata.get(META_COUNTERS) instanceof Map<?, ?> m) {
            m.forEach((k, v) -> {
                if (v instanceof Number n) {
                    out.put(String.valueOf(k), n.longValue());
                }
            });
        }
        return out;
    }

    /** Writes {@code net}; {@code numBatchesTracked} (may be empty) gives BatchNorm counters by tensor name. */
    public static String export(Network net, Map<String, Long> numBatchesTracked, Path file) {
        try (NDManager scratch = net.manager().newSubManager()) {
            Map<String, NDArray> out = new LinkedHashMap<>();
            for (Param p : net.tensors().values()) {
                out.put(p.name(), p.value().duplicate()); // float32, as every Param
            }
            for (String name : counterNames(net)) {
                out.put(name, scratch.create(numBatchesTracked.getOrDefault(name, 0L)));
            }
            out.values().forEach(a -> a.attach(scratch));
            return SafetensorsFile.write(out, file);
        }
    }

    /**
     * Imports {@code file} as architecture {@code arch} on {@code imageSize} inputs. The number of classes and of
     * input channels are read from the file (the classifier's and the first convolution's weights) unless
     * {@code numClasses} is given. Every tensor must be present with the network's shape; names the network
     * lacks are an error; {@code num_batches_tracked} may be absent.
     */
    public static Imported importFile(String arch, Path file, int imageSize, Integer numClasses, NDManager manager) {
        Architectures.requireKnown(arch);
        SafetensorsFile.Contents contents = SafetensorsFile.read(file);
        SafetensorsHeader header = contents.header();
        ModelSpec spec = inferSpec(arch, header, imageSize, numClasses, manager);
        Network net = Architectures.createUnseeded(spec, manager.newSubManager());
        try {
            check(net, header, file);
            Map<String, Long> counters = new LinkedHashMap<>();
            try (NDManager scratch = manager.newSubManager()) {
                Map<String, NDArray> values = contents.decode(scratch);
                for (Param p : net.tensors().values()) {
                    p.set(values.get(p.name()));
                }
                for (String name : counterNames(net)) {
                    NDArray c = values.get(name);
                    if (c != null) {
                        counters.put(name, c.toType(DataType.INT64, false).toLongArray()[0]);
                    }
                }
            }
            return new Imported(net, counters, header.metadata(), contents.sha256());
        } catch (RuntimeException e) {
            net.close();
            throw e;
        }
    }

    /** Classes from the classifier's weight (rows), channels from the first 4-D parameter (dim 1). */
    private static ModelSpec inferSpec(String arch, SafetensorsHeader header, int imageSize, Integer numClasses,
                                       NDManager manager) {
        try (Network probe = Architectures.createUnseeded(new ModelSpec(arch, 2, 3, imageSize), manager.newSubManager())) {
            int classes = numClasses != null ? numClasses : dim(header, probe.classifier() + ".weight", 0, 2);
            int channels = probe.parameters().stream().filter(p -> p.shape().dimension() == 4).findFirst()
                    .map(p -> dim(header, p.name(), 1, 3)).orElse(3);
            return new ModelSpec(arch, classes, channels, imageSize);
        }
    }

    private static int dim(SafetensorsHeader header, String name, int axis, int fallback) {
        SafetensorsHeader.Entry e = header.tensors().get(name);
        // a missing or odd tensor is reported by check() with the full list; the fallback only gets us there
        return e == null || e.shape().length <= axis || e.shape()[axis] < 1 || e.shape()[axis] > Integer.MAX_VALUE
                ? fallback : (int) Math.max(e.shape()[axis], axis == 0 ? 2 : 1);
    }

    private static void check(Network net, SafetensorsHeader header, Path file) {
        Set<String> counters = new LinkedHashSet<>(counterNames(net));
        List<String> missing = new ArrayList<>();
        for (String name : net.tensors().keySet()) {
            if (!header.tensors().containsKey(name)) {
                missing.add(name);
            }
        }
        List<String> extra = header.tensors().values().stream() // in file order, as the writer laid them out
                .sorted(java.util.Comparator.comparingLong(SafetensorsHeader.Entry::begin))
                .map(SafetensorsHeader.Entry::name)
                .filter(name -> !net.tensors().containsKey(name) && !counters.contains(name)).toList();
        String arch = net.spec().architecture();
        if (!missing.isEmpty() || !extra.isEmpty()) {
            List<String> parts = new ArrayList<>();
            if (!missing.isEmpty()) {
                parts.add("missing " + count(missing, "tensor") + ": " + list(missing));
            }
            if (!extra.isEmpty()) {
                parts.add("unexpected " + count(extra, "tensor") + ": " + list(extra));
            }
            String hint = !extra.isEmpty() && extra.stream().allMatch(n -> n.startsWith("module."))
                    ? " (saved from DataParallel? strip the 'module.' prefix)" : "";
            throw new SafetensorsException(file + ": does not match " + arch + ": " + String.join("; ", parts) + hint);
        }
        for (Param p : net.tensors().values()) {
            SafetensorsHeader.Entry e = header.tensors().get(p.name());
            if (!new Shape(e.shape()).equals(p.shape())) {
                throw new SafetensorsException(file + ": tensor " + p.name() + " has shape " + e.shapeText() + " but "
                        + arch + " (" + net.spec().numClasses() + " classes, " + net.spec().channels()
                        + " input channels) needs " + java.util.Arrays.toString(p.shape().getShape()));
            }
            if (!e.isFloating()) {
                throw new SafetensorsException(file + ": tensor " + p.name() + " has dtype " + e.dtype()
                        + ", expected a floating-point type (F32, F16, BF16, F64)");
            }
        }
        for (String name : counters) {
            SafetensorsHeader.Entry e = header.tensors().get(name);
            if (e != null && (!e.isInteger() || e.numel() != 1)) {
                throw new SafetensorsException(file + ": tensor " + name + " must be an integer scalar, got "
                        + e.dtype() + " " + e.shapeText());
            }
        }
    }

    /**
     * {@code <bn>.num_batches_tracked} for every batch-norm module, in order: recognised by its
     * {@code running_mean} buffer, so a user's architecture with its own normalisation layer is covered too.
     */
    public static List<String> counterNames(Network net) {
        return net.tensors().values().stream().filter(p -> p.isBuffer() && p.name().endsWith(RUNNING_MEAN))
                .map(p -> p.name().substring(0, p.name().length() - RUNNING_MEAN.length()) + NUM_BATCHES_TRACKED)
                .toList();
    }

    private static String count(List<String> names, String what) {
        return names.size() + " " + what + (names.size() == 1 ? "" : "s");
    }

    private static String list(List<String> names) {
        return String.join(", ", names.subList(0, Math.min(LISTED, names.size())))
                + (names.size() > LISTED ? ", ... (" + (names.size() - LISTED) + " more)" : "");
    }
}
