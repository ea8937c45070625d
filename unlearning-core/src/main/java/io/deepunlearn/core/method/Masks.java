package io.deepunlearn.core.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/** Element masks selected by magnitude, as the reference selects them with {@code torch.topk}. */
final class Masks {

    private Masks() {
    }

    /**
     * A float32 mask shaped like {@code values} holding 1 at exactly {@code k} positions with the smallest values
     * and 0 elsewhere (ties broken arbitrarily, as {@code torch.topk(largest=False)} does). Lives in
     * {@code manager}.
     */
    static NDArray smallest(NDArray values, long k, NDManager manager) {
        long n = values.size();
        if (k < 0 || k > n) {
            throw new IllegalArgumentException("cannot select " + k + " of " + n + " elements");
        }
        // selecting the complement is much cheaper when k is most of n (PRMQ prunes 99 %)
        boolean complement = k > n / 2;
        long select = complement ? n - k : k;
        if (select > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("selection too large: " + select);
        }
        try (NDManager scope = manager.newSubManager()) {
            NDArray flat = scope.full(new Shape(n), complement ? 1f : 0f);
            if (select > 0) {
                NDArray v = values.reshape(-1);
                v.attach(scope);
                NDArray indices = v.topK((int) select, 0, complement, false).get(1);
                indices.attach(scope);
                flat = flat.put(indices, scope.full(new Shape(select), complement ? 0f : 1f));
            }
            NDArray mask = flat.reshape(values.getShape());
            mask.attach(manager);
            return mask;
        }
    }

    /** Python's {@code round(fraction * n)} (round half to even), the count both MSG and torch pruning use. */
    static long pythonRound(double fraction, long n) {
        return (long) Math.rint(fraction * n);
    }
}
