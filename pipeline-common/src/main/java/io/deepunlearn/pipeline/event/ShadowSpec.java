package io.deepunlearn.pipeline.event;

/**
 * Marks a training request as a shadow model of U-LiRA (docs/ulira.md): shadow {@code index} of {@code count} in
 * {@code generation} of the lineage {@code modelId}. The generation is the number of tombstoned samples of the
 * dataset when the set was requested (it only grows, so a newer pool gets a newer generation). A shadow trains
 * with the lineage's recipe on a seeded random half of the dataset's train pool minus every tombstoned sample; it
 * is never released and never unlearned.
 */
public record ShadowSpec(int generation, int index, int count) {

    public ShadowSpec {
        if (generation < 0 || count < 1 || count > 1024 || index < 0 || index >= count) {
            throw new IllegalArgumentException("shadow " + index + " of " + count + " (generation " + generation
                    + ") is out of range");
        }
    }
}
