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
 * context class loader and the library's loader see it. See docs/integration.md.
 */
public final class Extensions {

    private static final String CORE_PACKAGE = "io.deepunlearn.core.";

    private Extensions() {
    }

    /** Every provider of {@code type}: built-ins first, then the others in class-path order. */
    public static <T> List<T> load(Class<T> type) {
        Map<String, T> byClass = new LinkedHashMap<>();
        ClassLoader own = type.getClassLoader();
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        collect(type, own, false, byClass);
        if (context != null && context != own) {
            // a container's context loader may also see entries whose classes it loads as another copy of the
            // interface ("not a subtype"): those are someone else's, not errors of ours
            collect(type, context, true, byClass);
        }
        List<T> out = new ArrayList<>(byClass.values());
        out.sort(Comparator.comparingInt(p -> isBuiltin(p) ? 0 : 1)); // stable: keeps class-path order otherwise
        return out;
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
