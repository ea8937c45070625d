package io.deepunlearn.core.ulira;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one shadow split contributes to U-LiRA ({@link UliraRunner#observeSplit}): per method, the logit-scaled
 * confidence and the 0/1 correctness of every dev sample under the model of each forget set ({@code [f][j]}), the
 * seconds its unlearning calls took, or its first error (then no statistics); and the split's shadow-model counts.
 * A campaign's split cell stores it ({@link #toBytes}); the attack runs over all splits' observations.
 *
 * @param devSampleIds the dev pool's sample ids (the same for every split: the samples' names in the report)
 */
public record SplitObservations(int split, int poolSize, int[] devSampleIds, Map<String, double[][]> logit,
                                Map<String, double[][]> correct, Map<String, Double> seconds,
                                Map<String, String> errors, int shadowModelsTrained, int shadowModelsReused,
                                double trainingSeconds) {

    private static final int MAGIC = 0x554c5331; // "ULS1"

    /** A split whose work failed as a whole (e.g. a cell given up): every method fails with {@code reason}. */
    public static SplitObservations failed(int split, List<String> methods, String reason) {
        Map<String, String> errors = new LinkedHashMap<>();
        methods.forEach(m -> errors.put(m, "split " + split + ": " + reason));
        return new SplitObservations(split, 0, null, Map.of(), Map.of(), Map.of(), errors, 0, 0, 0);
    }

    /**
     * A compact, exact encoding (doubles as IEEE bits, correctness as bytes): a paper-scale split holds millions of
     * statistics, too many for a JSON result object.
     */
    public byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeInt(split);
            out.writeInt(poolSize);
            out.writeInt(devSampleIds.length);
            for (int id : devSampleIds) {
                out.writeInt(id);
            }
            out.writeInt(shadowModelsTrained);
            out.writeInt(shadowModelsReused);
            out.writeDouble(trainingSeconds);
            out.writeInt(errors.size());
            for (Map.Entry<String, String> e : errors.entrySet()) {
                out.writeUTF(e.getKey());
                out.writeUTF(e.getValue());
            }
            out.writeInt(logit.size());
            for (Map.Entry<String, double[][]> e : logit.entrySet()) {
                out.writeUTF(e.getKey());
                out.writeDouble(seconds.getOrDefault(e.getKey(), 0.0));
                double[][] c = correct.get(e.getKey());
                out.writeInt(e.getValue().length);
                for (int f = 0; f < e.getValue().length; f++) {
                    for (double v : e.getValue()[f]) {
                        out.writeDouble(v);
                    }
                    for (double v : c[f]) {
                        out.writeByte(v == 1 ? 1 : 0);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static SplitObservations fromBytes(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            if (in.readInt() != MAGIC) {
                throw new IllegalArgumentException("not U-LiRA split observations");
            }
            int split = in.readInt();
            int poolSize = in.readInt();
            int[] ids = new int[in.readInt()];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = in.readInt();
            }
            int trained = in.readInt();
            int reused = in.readInt();
            double trainingSeconds = in.readDouble();
            Map<String, String> errors = new LinkedHashMap<>();
            for (int n = in.readInt(); n > 0; n--) {
                errors.put(in.readUTF(), in.readUTF());
            }
            Map<String, double[][]> logit = new LinkedHashMap<>();
            Map<String, double[][]> correct = new LinkedHashMap<>();
            Map<String, Double> seconds = new LinkedHashMap<>();
            for (int n = in.readInt(); n > 0; n--) {
                String method = in.readUTF();
                seconds.put(method, in.readDouble());
                int forgetSets = in.readInt();
                double[][] l = new double[forgetSets][ids.length];
                double[][] c = new double[forgetSets][ids.length];
                for (int f = 0; f < forgetSets; f++) {
                    for (int j = 0; j < ids.length; j++) {
                        l[f][j] = in.readDouble();
                    }
                    for (int j = 0; j < ids.length; j++) {
                        c[f][j] = in.readByte();
                    }
                }
                logit.put(method, l);
                correct.put(method, c);
            }
            return new SplitObservations(split, poolSize, ids, logit, correct, seconds, errors, trained, reused,
                    trainingSeconds);
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable U-LiRA split observations", e);
        }
    }
}
