package io.deepunlearn.core.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.deepunlearn.core.engine.Engines;
import io.deepunlearn.core.model.Architectures;
import io.deepunlearn.core.model.ModelSpec;
import io.deepunlearn.core.model.Network;
import io.deepunlearn.core.model.Param;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** safetensors export/import with PyTorch state_dict names, without PyTorch: round trip and every error. */
class StateDictWeightsTest {

    private static NDManager manager;
    private static Network net;

    @BeforeAll
    static void setUp() {
        manager = Engines.pytorch().newBaseManager();
        net = Architectures.create(new ModelSpec("small-cnn", 7, 3, 16), manager.newSubManager(), 3);
    }

    @AfterAll
    static void tearDown() {
        manager.close();
    }

    private static Path export(Path dir) {
        Path file = dir.resolve("w.safetensors");
        StateDictWeights.export(net, Map.of("block2.bn.num_batches_tracked", 42L), file);
        return file;
    }

    private static Network importSmallCnn(Path file) {
        return StateDictWeights.importFile("small-cnn", file, 16, null, manager).network();
    }

    @Test
    void exportThenImportIsBitExactAndKeepsBatchNormCounters(@TempDir Path dir) {
        Path file = export(dir);
        SafetensorsHeader h = SafetensorsFile.read(file).header();
        assertThat(h.tensors().keySet()).containsAll(net.tensors().keySet())
                .contains("block1.bn.num_batches_tracked", "block2.bn.num_batches_tracked", "block3.bn.num_batches_tracked")
                .hasSize(net.tensors().size() + 3);
        assertThat(h.tensors().get("block1.bn.running_var").dtype()).isEqualTo("F32");
        assertThat(h.tensors().get("block1.bn.num_batches_tracked").dtype()).isEqualTo("I64");
        assertThat(h.tensors().get("block1.bn.num_batches_tracked").shape()).isEmpty(); // a scalar, as torch saves it

        StateDictWeights.Imported imported = StateDictWeights.importFile("small-cnn", file, 16, null, manager);
        try (Network back = imported.network()) {
            assertThat(back.spec()).isEqualTo(net.spec()); // 7 classes and 3 channels read from the file
            for (Param p : net.tensors().values()) {
                assertThat(back.param(p.name()).value().toFloatArray()).as(p.name())
                        .containsExactly(p.value().toFloatArray());
            }
            assertThat(imported.numBatchesTracked()).containsEntry("block2.bn.num_batches_tracked", 42L)
                    .containsEntry("block1.bn.num_batches_tracked", 0L);
            Map<String, Object> meta = StateDictWeights.checkpointMetadata(imported, file);
            assertThat(meta).containsEntry("role", "imported").containsEntry("source_sha256", imported.sha256());
            assertThat(StateDictWeights.countersFrom(meta)).isEqualTo(imported.numBatchesTracked());
        }
    }

    @Test
    void countersAreOptionalOnImport(@TempDir Path dir) throws IOException {
        Path file = export(dir);
        SafetensorsBytes.editHeader(file, h -> h.keySet().removeIf(k -> k.endsWith("num_batches_tracked")));
        // the three int64 counters were written last: their 24 bytes now trail the data, which is refused
        assertThatThrownBy(() -> SafetensorsFile.read(file)).hasMessageContaining("24 bytes after the last tensor");
        // a file without counters, as some exporters write it
        Map<String, NDArray> tensors = new java.util.LinkedHashMap<>();
        try (NDManager scratch = manager.newSubManager()) {
            net.tensors().values().forEach(p -> tensors.put(p.name(), p.value().duplicate()));
            tensors.values().forEach(a -> a.attach(scratch));
            SafetensorsFile.write(tensors, file);
        }
        StateDictWeights.Imported imported = StateDictWeights.importFile("small-cnn", file, 16, null, manager);
        assertThat(imported.numBatchesTracked()).isEmpty();
        imported.network().close();
    }

    @Test
    void aMissingTensorIsNamed(@TempDir Path dir) throws IOException {
        Path file = export(dir);
        dropTensor(file, "block2.bn.running_mean");
        assertThatThrownBy(() -> importSmallCnn(file)).isInstanceOf(SafetensorsException.class)
                .hasMessageContaining("does not match small-cnn: missing 1 tensor: block2.bn.running_mean; "
                        + "unexpected 1 tensor: unused.tensor");
    }

    @Test
    void anExtraTensorIsNamed(@TempDir Path dir) throws IOException {
        Path extra = export(dir);
        renameTensor(extra, "block3.bn.num_batches_tracked", "block3.bn.extra"); // counters are optional
        assertThatThrownBy(() -> importSmallCnn(extra)).isInstanceOf(SafetensorsException.class)
                .hasMessageEndingWith("does not match small-cnn: unexpected 1 tensor: block3.bn.extra");
        Path prefixed = export(dir);
        SafetensorsBytes.editHeader(prefixed, h -> {
            Map<String, Map<String, Object>> copy = new java.util.LinkedHashMap<>(h);
            h.clear();
            copy.forEach((k, v) -> h.put("module." + k, v));
        });
        assertThatThrownBy(() -> importSmallCnn(prefixed)).hasMessageContaining("missing 17 tensors: block1.conv.weight")
                .hasMessageContaining("... (9 more)").hasMessageContaining("unexpected 20 tensors: module.")
                .hasMessageEndingWith("(saved from DataParallel? strip the 'module.' prefix)");
    }

    @Test
    void aMisShapedTensorIsNamedWithBothShapes(@TempDir Path dir) throws IOException {
        Path file = export(dir);
        // same byte count, other shape: [64, 32, 3, 3] read as [32, 64, 3, 3]
        SafetensorsBytes.editHeader(file, h -> h.get("block2.conv.weight").put("shape", List.of(32, 64, 3, 3)));
        assertThatThrownBy(() -> importSmallCnn(file)).isInstanceOf(SafetensorsException.class)
                .hasMessageContaining("tensor block2.conv.weight has shape [32, 64, 3, 3] but small-cnn")
                .hasMessageContaining("needs [64, 32, 3, 3]");
        Path classes = export(dir);
        assertThatThrownBy(() -> StateDictWeights.importFile("small-cnn", classes, 16, 5, manager))
                .hasMessageContaining("tensor fc.weight has shape [7, 128] but small-cnn (5 classes");
    }

    @Test
    void wrongDtypesAreRejected(@TempDir Path dir) throws IOException {
        Path file = export(dir);
        SafetensorsBytes.editHeader(file, h -> h.get("fc.bias").put("dtype", "I32"));
        assertThatThrownBy(() -> importSmallCnn(file)).hasMessageContaining("fc.bias has dtype I32, expected a floating-point");
        Path counter = export(dir);
        SafetensorsBytes.editHeader(counter, h -> h.get("block1.bn.num_batches_tracked").put("dtype", "F64"));
        assertThatThrownBy(() -> importSmallCnn(counter))
                .hasMessageContaining("block1.bn.num_batches_tracked must be an integer scalar");
        Path odd = export(dir);
        SafetensorsBytes.editHeader(odd, h -> h.get("fc.bias").put("dtype", "C64"));
        assertThatThrownBy(() -> importSmallCnn(odd)).hasMessageContaining("fc.bias: unsupported dtype C64");
    }

    @Test
    void malformedFilesFailBeforeDecoding(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("bad.safetensors");
        Files.write(f, new byte[] {1, 2, 3});
        assertThatThrownBy(() -> importSmallCnn(f)).hasMessageContaining("not a safetensors file (3 bytes)");
        Files.write(f, SafetensorsBytes.file("{\"a\":1}", new byte[0]));
        Files.write(f, java.util.Arrays.copyOf(Files.readAllBytes(f), 10)); // header length says 7, file has 2
        assertThatThrownBy(() -> importSmallCnn(f)).hasMessageContaining("header length 7 for a file of 10 bytes");
        Files.write(f, SafetensorsBytes.file("[1, 2]", new byte[0]));
        assertThatThrownBy(() -> importSmallCnn(f)).hasMessageContaining("does not start with '{'");
        Files.write(f, SafetensorsBytes.file("{\"a\": ", new byte[0]));
        assertThatThrownBy(() -> importSmallCnn(f)).hasMessageContaining("header is not valid JSON");
        Files.write(f, SafetensorsBytes.file("{\"a\": {\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [0, 4]}}",
                new byte[4]));
        assertThatThrownBy(() -> importSmallCnn(f)).hasMessageContaining("tensor a: data_offsets [0,4] do not hold shape [2]");
        Files.write(f, SafetensorsBytes.file("{\"a\": {\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [0, 8]}}",
                new byte[4]));
        assertThatThrownBy(() -> importSmallCnn(f)).hasMessageContaining("tensor a ends at byte 8 of a data section of 4 bytes");
        Files.write(f, SafetensorsBytes.file("{\"a\": {\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [0, 8]},"
                + "\"b\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [4, 8]}}", new byte[8]));
        assertThatThrownBy(() -> importSmallCnn(f)).hasMessageContaining("tensor b overlaps a");
        Files.write(f, SafetensorsBytes.file("{\"a\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [0, 4]}}",
                new byte[8]));
        assertThatThrownBy(() -> importSmallCnn(f)).hasMessageContaining("4 bytes after the last tensor");
        assertThatThrownBy(() -> importSmallCnn(dir.resolve("absent.safetensors"))).hasMessageContaining("cannot read");
        assertThatThrownBy(() -> StateDictWeights.importFile("resnet99", f, 16, null, manager))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown architecture 'resnet99'");
    }

    private static void dropTensor(Path file, String name) throws IOException {
        // same bytes under a name the network lacks: the data section stays exact
        renameTensor(file, name, "unused.tensor");
    }

    private static void renameTensor(Path file, String from, String to) throws IOException {
        SafetensorsBytes.editHeader(file, h -> h.put(to, h.remove(from)));
    }
}
