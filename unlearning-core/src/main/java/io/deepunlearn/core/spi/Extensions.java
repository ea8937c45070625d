package io.deepunlearn.core.spi;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * Discovers the implementations of one extension point through {@link ServiceLoader} ({@code
 * META-INF/services/<interface name>} files on the class path). DeepUnlearn's own providers come first, so
 * built-in names keep their documented order; each provider class is instantiated once even when both the
 * context class loader and the library's loader see it. See docs/integration.md.
 */
public final class Extensions {

    private static final String CORE_PACKAGE = "io.deepunlearn.core.";

    private Extensions() {
    }

    /** Every provider of {@code type}: built-ins first, then the others in class-path order. */
    public static <T> List<T> load(Class<T> type) {
        Map<String, T> byClass = new LinkedHashMap<>();
        try {
            for (ClassLoader loader : loaders(type)) {
                for (T provider : ServiceLoader.load(type, loader)) {
                    byClass.putIfAbsent(provider.getClass().getName(), provider);
                }
            }
        } catch (ServiceConfigurationError e) {
            // a broken user jar (missing class, no public no-arg constructor) must say which entry is wrong
            throw new IllegalStateException("cannot load a " + type.getSimpleName() + " extension: " + e.getMessage(), e);
        }
        List<T> out = new ArrayList<>(byClass.values());
        out.sort(Comparator.comparingInt(p -> isBuiltin(p) ? 0 : 1)); // stable: keeps class-path order otherwise
        return out;
    }

    /** Whether {@code provider} ships with unlearning-core (as opposed to a user's jar). */
    public static boolean isBuiltin(Object provider) {
        return provider.getClass().getName().startsWith(CORE_PACKAGE);
    }

    /** A provider's name for error messages: its class, and the jar or folder it came from when known. */
    public static String describe(Object provider) {
        var source = provider.getClass().getProtectionDomain().getCodeSource();
        return provider.getClass().getName() + (source == null || source.getLocation() == null ? ""
                : " (" + source.getLocation() + ")");
    }

    private static List<ClassLoader> loaders(Class<?> type) {
        List<ClassLoader> loaders = new ArrayList<>();
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        if (context != null) {
            loaders.add(context);
        }
        ClassLoader own = type.getClassLoader();
        if (own != null && own != context) {
            loaders.add(own);
        }
        return loaders;
    }
}
