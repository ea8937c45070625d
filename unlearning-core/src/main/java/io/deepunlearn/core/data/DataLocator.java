package io.deepunlearn.core.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where dataset files are looked for, in order: an explicit directory ({@code --data-dir}),
 * {@code $DEEPUNLEARN_DATA}, the Debian package locations ({@code /usr/share/datasets}), and a download cache
 * ({@code $XDG_CACHE_HOME/deepunlearn} or {@code ~/.cache/deepunlearn}). Each root may hold the files directly
 * or in a sub-folder named after the dataset.
 */
public final class DataLocator {

    public static final Path DEBIAN_ROOT = Path.of("/usr/share/datasets");

    private final List<Path> bases;
    private final Path cacheDir;
    private final boolean allowDownload;
    private final Downloader downloader;

    /** Searches {@code bases} in order, then the cache; null bases are skipped. */
    public DataLocator(List<Path> bases, Path cacheDir, boolean allowDownload, Downloader downloader) {
        this.bases = bases.stream().filter(java.util.Objects::nonNull).toList();
        this.cacheDir = cacheDir;
        this.allowDownload = allowDownload;
        this.downloader = downloader;
    }

    /** The standard search path: the explicit directory (may be null), then the environment, Debian and the cache. */
    public static DataLocator standard(Path explicitDir) {
        String env = System.getenv("DEEPUNLEARN_DATA");
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path cache = (xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache"))
                .resolve("deepunlearn");
        boolean offline = Boolean.parseBoolean(System.getProperty("deepunlearn.offline",
                System.getProperty("ai.djl.offline", "false")));
        List<Path> bases = new ArrayList<>();
        bases.add(explicitDir);
        bases.add(env == null || env.isBlank() ? null : Path.of(env));
        bases.add(DEBIAN_ROOT);
        return new DataLocator(bases, cache, !offline, new Downloader());
    }

    /** Only {@code dir} (and its dataset sub-folder): tests and explicit locations, no download. */
    public static DataLocator only(Path dir) {
        return new DataLocator(List.of(dir), null, false, new Downloader());
    }

    public Path cacheDir() {
        return cacheDir;
    }

    public boolean downloadAllowed() {
        return allowDownload;
    }

    public Downloader downloader() {
        return downloader;
    }

    /** Roots in search order (cache last). */
    public List<Path> roots(String datasetName) {
        List<Path> roots = new ArrayList<>();
        List<Path> all = new ArrayList<>(bases);
        if (cacheDir != null) {
            all.add(cacheDir);
        }
        for (Path base : all) {
            roots.add(base.resolve(datasetName));
            roots.add(base);
        }
        return roots;
    }

    /** First root holding every file (each name may also be found with or without a {@code .gz} suffix). */
    public Optional<Path> findDirectoryWith(String datasetName, List<String> files) {
        for (Path root : roots(datasetName)) {
            if (files.stream().allMatch(f -> resolveVariant(root, f).isPresent())) {
                return Optional.of(root);
            }
        }
        return Optional.empty();
    }

    /** {@code name} itself, or the same name with/without {@code .gz}. */
    public static Optional<Path> resolveVariant(Path dir, String name) {
        Path exact = dir.resolve(name);
        if (Files.isRegularFile(exact)) {
            return Optional.of(exact);
        }
        Path other = name.endsWith(".gz") ? dir.resolve(name.substring(0, name.length() - 3)) : dir.resolve(name + ".gz");
        return Files.isRegularFile(other) ? Optional.of(other) : Optional.empty();
    }
}
