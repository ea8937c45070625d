package io.deepunlearn.campaign;

import java.util.List;
import java.util.regex.Pattern;

/**
 * One independent unit of a campaign, e.g. the reference models of a (dataset, arch, seed) or one method on one
 * seed. Its id is its position in the plan plus a readable slug ({@code 00007-run-small-cnn-FT-s1}), unique and
 * safe as an object-key segment. A cell may start once every cell in {@code after} has a result.
 *
 * @param kind   what the cell does; the campaign's kind says how to run it (bench: "reference" or "run")
 * @param method the unlearning method, or null for cells that are not about one method
 * @param seed   the seed (bench, tune) or the split index (U-LiRA)
 */
public record Cell(String id, String kind, String dataset, String arch, String method, int seed, List<String> after) {

    private static final Pattern SAFE = Pattern.compile("[0-9]{5}-[A-Za-z0-9._-]{1,150}");

    public Cell {
        if (id == null || !SAFE.matcher(id).matches()) {
            throw new IllegalArgumentException("invalid cell id '" + id + "'");
        }
        after = after == null ? List.of() : List.copyOf(after);
    }

    /** The id of the {@code index}-th cell: the index, then the parts with anything unsafe replaced by '_'. */
    public static String id(int index, String... parts) {
        StringBuilder b = new StringBuilder(String.format("%05d", index));
        for (String p : parts) {
            if (p != null) {
                b.append('-').append(p.replaceAll("[^A-Za-z0-9._]", "_"));
            }
        }
        return b.length() > 156 ? b.substring(0, 156) : b.toString();
    }
}
