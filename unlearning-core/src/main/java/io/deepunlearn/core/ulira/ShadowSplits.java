package io.deepunlearn.core.ulira;

import io.deepunlearn.core.util.NumpyRandom;
import java.util.Arrays;

/**
 * The U-LiRA shadow layout (docs/reference.md#ulira-reference) over a train pool of {@code poolSize} samples: a seed-123 permutation
 * puts the last 5 % aside as D_val and keeps the rest as the "dev" pool; split {@code s} permutes dev with seed
 * {@code s} and takes the first half as members (trained on) and the second half as never-seen; forget set
 * {@code f} of split {@code s} permutes the members with seed {@code f}: the first 90 % are D_r, the last 10 % D_f.
 * Permutations are NumPy's legacy MT19937 ({@link NumpyRandom}), not {@code default_rng}'s PCG64, so the index
 * sets differ from the reference code's while following the same construction. Sample indices below are
 * positions in the dev pool ({@link #dev()} maps them to positions in the train pool).
 */
public final class ShadowSplits {

    public static final double VAL_FRACTION = 0.05;
    public static final double FORGET_FRACTION = 0.10;
    public static final long POOL_SEED = 123;

    /** What sample j is to the model of (split, forget set). */
    public static final byte RETAINED = 0;
    public static final byte FORGOTTEN = 1;
    public static final byte NEVER = 2;

    private final int splits;
    private final int forgetSets;
    private final int[] val;
    private final int[] dev;

    public ShadowSplits(int poolSize, int splits, int forgetSets) {
        if (splits < 2) {
            throw new IllegalArgumentException("U-LiRA needs at least 2 shadow splits (one is held out as target), got " + splits);
        }
        if (forgetSets < 1) {
            throw new IllegalArgumentException("need at least 1 forget set per split, got " + forgetSets);
        }
        int nVal = (int) Math.round(VAL_FRACTION * poolSize);
        if (poolSize - nVal < 40) {
            throw new IllegalArgumentException("train pool too small for U-LiRA shadow splits: " + poolSize);
        }
        int[] perm = NumpyRandom.permutation(poolSize, POOL_SEED);
        this.dev = Arrays.copyOfRange(perm, 0, poolSize - nVal);
        this.val = Arrays.copyOfRange(perm, poolSize - nVal, poolSize);
        this.splits = splits;
        this.forgetSets = forgetSets;
    }

    public int splits() {
        return splits;
    }

    public int forgetSets() {
        return forgetSets;
    }

    /** Train-pool positions of D_val (never trained on by any shadow model). */
    public int[] val() {
        return val.clone();
    }

    /** Train-pool positions of the dev pool; dev index j is train-pool position {@code dev()[j]}. */
    public int[] dev() {
        return dev.clone();
    }

    public int devSize() {
        return dev.length;
    }

    private int half() {
        return dev.length / 2;
    }

    /** Dev indices trained on by split {@code s}'s models. */
    public int[] members(int s) {
        return Arrays.copyOfRange(NumpyRandom.permutation(dev.length, s), 0, half());
    }

    /** Dev indices never seen by split {@code s}'s models. */
    public int[] nonMembers(int s) {
        return Arrays.copyOfRange(NumpyRandom.permutation(dev.length, s), dev.length - half(), dev.length);
    }

    private int[][] retainForget(int s, int f) {
        int[] members = members(s);
        int nForget = (int) Math.round(FORGET_FRACTION * members.length);
        int[] perm = NumpyRandom.permutation(members.length, f);
        int[] retain = new int[members.length - nForget];
        int[] forget = new int[nForget];
        for (int i = 0; i < retain.length; i++) {
            retain[i] = members[perm[i]];
        }
        for (int i = 0; i < nForget; i++) {
            forget[i] = members[perm[retain.length + i]];
        }
        return new int[][] {retain, forget};
    }

    /** Dev indices of D_r for (s, f). */
    public int[] retain(int s, int f) {
        return retainForget(s, f)[0];
    }

    /** Dev indices of D_f for (s, f). */
    public int[] forget(int s, int f) {
        return retainForget(s, f)[1];
    }

    /** Role of every dev sample for the model of (s, f): {@link #RETAINED}, {@link #FORGOTTEN} or {@link #NEVER}. */
    public byte[] roles(int s, int f) {
        byte[] roles = new byte[dev.length];
        for (int j : nonMembers(s)) {
            roles[j] = NEVER;
        }
        for (int j : forget(s, f)) {
            roles[j] = FORGOTTEN;
        }
        return roles;
    }

    /** Roles for every (s, f): {@code [s][f][j]}. */
    public byte[][][] allRoles() {
        byte[][][] r = new byte[splits][forgetSets][];
        for (int s = 0; s < splits; s++) {
            for (int f = 0; f < forgetSets; f++) {
                r[s][f] = roles(s, f);
            }
        }
        return r;
    }

    /** Maps dev indices to train-pool positions. */
    public int[] toPool(int[] devIndices) {
        int[] out = new int[devIndices.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = dev[devIndices[i]];
        }
        return out;
    }
}
