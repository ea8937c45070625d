package io.deepunlearn.core.method;

import io.deepunlearn.core.data.TensorDataset;

/**
 * Range checks for hyperparameters and inputs whose bad values would otherwise end in NaN weights or an obscure
 * native error. Messages name the method and the key.
 */
final class HpChecks {

    private HpChecks() {
    }

    static double unitInterval(HyperParameters hp, String key) {
        double v = hp.getDouble(key);
        if (!(v >= 0 && v <= 1)) {
            throw fail(hp, key, "must be in [0, 1]", v);
        }
        return v;
    }

    static double positive(HyperParameters hp, String key) {
        double v = hp.getDouble(key);
        if (!(v > 0) || Double.isInfinite(v)) {
            throw fail(hp, key, "must be > 0", v);
        }
        return v;
    }

    static double nonNegative(HyperParameters hp, String key) {
        double v = hp.getDouble(key);
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw fail(hp, key, "must be >= 0", v);
        }
        return v;
    }

    static int atLeast(HyperParameters hp, String key, int min) {
        int v = hp.getInt(key);
        if (v < min) {
            throw fail(hp, key, "must be >= " + min, v);
        }
        return v;
    }

    static TensorDataset nonEmpty(TensorDataset data, String split, String method) {
        if (data == null || data.size() == 0) {
            throw new IllegalArgumentException(method + " needs a non-empty " + split + " set");
        }
        return data;
    }

    private static IllegalArgumentException fail(HyperParameters hp, String key, String rule, Object value) {
        return new IllegalArgumentException(hp.method() + "." + key + " " + rule + ", got " + value);
    }
}
