package io.deepunlearn.core.spi;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * Discovers the implementations of one extension point through {@link ServiceLoader} ({@code
 * META-INF/services/<interface name>} files on the class path). DeepUnlearn's own providers come first, so
 * built-in names keep their documented order; each provider class is instantiated once even when both the
 * context class loader and the library's loader see it. A packaged program whose class path is fixed (a service's
 * Quarkus fast-jar) takes extension jars from the extension path, {@value #PATH_PROPERTY} or {@value #PATH_ENV}.
 * See docs/integration.md.
 */
public final class Extensions {

    private static final String CORE_PACKAGE = "io.deepunlearn.core.";
    /** System property naming extra jars or class folders (separated by the platform's path separator). */
    public static final String PATH_PROPERTY = "deepunlearn.extensions";
    /** The same as an environment variable (the services' way); the system property wins. */
    public static final String PATH_ENV = "DEEPUNLEARN_EXTENSIONS";
    /** One class loader per extension path, so each provider class is defined once per path. */
    private static final Map<String, ClassLoader> PATH_LOADERS = new java.util.concurrent.ConcurrentHashMap<>();

    private Extensions() {
    }

    /**
     * Every provider of {@code type}: built-ins first, then the others in class-path order, then those of the
     * extension path.
     */
    public static <T> List<T> load(Class<T> type) {
        String path = System.getProperty(PATH_PROPERTY);
        return load(type, path != null ? path : System.getenv(PATH_ENV));
    }

    /** As {@link #load(Class)} with {@code extensionPath} (null or blank: none). */
    static <T> List<T> load(Class<T> type, String extensionPath) {
        Map<String, T> byClass = new LinkedHashMap<>();
        ClassLoader own = type.getClassLoader();
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        collect(type, own, false, byClass);
        if (context != null && context != own) {
            // a container's context loader may also see entries whose classes it loads as another copy of the
            // interface ("not a subtype"): those are someone else's, not errors of ours
            collect(type, context, true, byClass);
        }
        if (extensionPath != null && !extensionPath.isBlank()) {
            collect(type, PATH_LOADERS.computeIfAbsent(extensionPath.trim() + "|" + System.identityHashCode(own),
                    k -> pathLoader(extensionPath.trim(), own)), false, byClass);
        }
        List<T> out = new ArrayList<>(byClass.values());
        out.sort(Comparator.comparingInt(p -> isBuiltin(p) ? 0 : 1)); // stable: keeps class-path order otherwise
        return out;
    }

    /**
     * A loader over the extension path's jars and class folders, child of the library's loader (so extensions see
     * the same copy of the interfaces). A missing entry is an error naming it: a typo must not silently drop an
     * extension.
     */
    private static ClassLoader pathLoader(String path, ClassLoader parent) {
        List<java.net.URL> urls = new ArrayList<>();
        for (String entry : path.split(java.io.File.pathSeparator)) {
            if (entry.isBlank()) {
                continue;
            }
            java.nio.file.Path p = java.nio.file.Path.of(entry.trim()).toAbsolutePath();
            if (!java.nio.file.Files.isDirectory(p) && !java.nio.file.Files.isRegularFile(p)) {
                throw new IllegalStateException("extension path entry " + p + " (" + PATH_PROPERTY + " / " + PATH_ENV
                        + ") is neither a jar nor a folder");
            }
            try {
                urls.add(p.toUri().toURL());
            } catch (java.net.MalformedURLException e) {
                throw new IllegalStateException("extension path entry " + p + " is not a valid location", e);
            }
        }
        return new java.net.URLClassLoader("deepunlearn-extensions", urls.toArray(java.net.URL[]::new), parent);
    }

    private static <T> void collect(Class<T> type, ClassLoader loader, boolean skipForeign, Map<String, T> into) {
        Iterator<T> it = ServiceLoader.load(type, loader).iterator();
        while (true) {
            try {
                if (!it.hasNext()) {
                    return;
                }
                T provider = it.next();
                into.putIfAbsent(provider.getClass().getName(), provider);
            } catch (ServiceConfigurationError e) {
                if (!(skipForeign && String.valueOf(e.getMessage()).contains("not a subtype"))) {
                    // a broken user jar (missing class, no public no-arg constructor) must say which entry is wrong
                    throw new IllegalStateException("cannot load a " + type.getSimpleName() + " extension: "
                            + e.getMessage(), e);
                }
            }
        }
    }

    /** Whether {@code provider} ships with unlearning-core: its class comes from the same jar (or folder). */
    public static boolean isBuiltin(Object provider) {
        java.security.CodeSource mine = Extensions.class.getProtectionDomain().getCodeSource();
        java.security.CodeSource theirs = provider.getClass().getProtectionDomain().getCodeSource();
        if (mine == null || theirs == null || mine.getLocation() == null || theirs.getLocation() == null) {
            return provider.getClass().getName().startsWith(CORE_PACKAGE); // no locations: go by package
        }
        return mine.getLocation().equals(theirs.getLocation());
    }

    /** A provider's name for error messages: its class, and the jar or folder it came from when known. */
    public static String describe(Object provider) {
        var source = provider.getClass().getProtectionDomain().getCodeSource();
        return provider.getClass().getName() + (source == null || source.getLocation() == null ? ""
                : " (" + source.getLocation() + ")");
    }
}
