package io.deepunlearn.core.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.deepunlearn.core.method.HyperParameters;
import io.deepunlearn.core.method.UnlearningMethod;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A method's effective hyperparameters: reference defaults, then tuned values ({@code best.json} files under the
 * tuned directory whose "method" matches), then explicit overrides (--set / --config), then the quick-mode cap.
 */
public final class HyperParameterResolver {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int QUICK_EPOCH_CAP = 2;

    private final Map<String, Map<String, Object>> overrides;
    private final Path tunedDir;
    private final boolean quick;

    public HyperParameterResolver(Map<String, Map<String, Object>> overrides, Path tunedDir, boolean quick) {
        this.overrides = overrides;
        this.tunedDir = tunedDir;
        this.quick = quick;
        for (String name : overrides.keySet()) {
            io.deepunlearn.core.method.Methods.get(name); // fail fast on unknown method names in --set/--config
        }
    }

    public HyperParameters resolve(UnlearningMethod method) {
        HyperParameters hp = method.defaults();
        Map<String, Object> tuned = tuned(method);
        if (tuned != null) {
            hp = hp.withAll(tuned);
        }
        for (Map.Entry<String, Map<String, Object>> e : overrides.entrySet()) {
            if (io.deepunlearn.core.method.Methods.get(e.getKey()).name().equals(method.name())) {
                hp = hp.withAll(e.getValue());
            }
        }
        if (quick) {
            for (Map.Entry<String, Object> e : hp.asMap().entrySet()) {
                if (e.getKey().endsWith("num_epochs") && e.getValue() instanceof Number n
                        && n.doubleValue() > QUICK_EPOCH_CAP) {
                    hp = hp.with(e.getKey(), (Object) (e.getValue() instanceof Integer ? (Object) QUICK_EPOCH_CAP
                            : (Object) (double) QUICK_EPOCH_CAP));
                }
            }
        }
        return hp;
    }

    /** The tuned hyperparameters for {@code method}, or null when the tuned directory has none. */
    @SuppressWarnings("unchecked")
    Map<String, Object> tuned(UnlearningMethod method) {
        if (tunedDir == null) {
            return null;
        }
        if (!Files.isDirectory(tunedDir)) {
            throw new IllegalArgumentException("--tuned directory not found: " + tunedDir);
        }
        List<Path> files;
        try (Stream<Path> s = Files.walk(tunedDir, 2)) {
            files = s.filter(p -> p.getFileName().toString().equals("best.json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (Path f : files) {
            try {
                Map<String, Object> best = JSON.readValue(f.toFile(), Map.class);
                String m = String.valueOf(best.get("method")).toLowerCase(Locale.ROOT);
                if (m.equals(method.name().toLowerCase(Locale.ROOT)) || m.equals(method.referenceKey())) {
                    return (Map<String, Object>) best.get("hyperparameters");
                }
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read tuned hyperparameters " + f + ": " + e.getMessage(), e);
            }
        }
        return null;
    }
}
