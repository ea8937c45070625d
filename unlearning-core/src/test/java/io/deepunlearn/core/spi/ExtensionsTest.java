package io.deepunlearn.core.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deepunlearn.core.method.BuiltinMethods;
import io.deepunlearn.core.method.MethodProvider;
import io.deepunlearn.core.spi.fixture.TestNoopMethodProvider;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Discovery itself, through a context class loader (as containers set it); the registries are not touched. */
class ExtensionsTest {

    @Test
    void providersSeenByTheContextLoaderFollowTheBuiltins() throws Exception {
        List<MethodProvider> found = withContextLoader(Path.of("src/test/spi-fixture"),
                () -> Extensions.load(MethodProvider.class));
        assertThat(found).extracting(p -> p.getClass().getName())
                .containsExactly(BuiltinMethods.class.getName(), TestNoopMethodProvider.class.getName());
        assertThat(Extensions.isBuiltin(found.get(0))).isTrue();
        assertThat(Extensions.isBuiltin(found.get(1))).isFalse();
    }

    @Test
    void aBrokenEntryNamesTheInterfaceAndTheClass(@TempDir Path dir) throws Exception {
        Path services = Files.createDirectories(dir.resolve("META-INF/services"));
        Files.writeString(services.resolve(MethodProvider.class.getName()), "com.example.MissingProvider\n");
        assertThatThrownBy(() -> withContextLoader(dir, () -> Extensions.load(MethodProvider.class)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot load a MethodProvider extension")
                .hasMessageContaining("com.example.MissingProvider");
    }

    private static <T> T withContextLoader(Path root, Callable<T> body) throws Exception {
        Thread t = Thread.currentThread();
        ClassLoader before = t.getContextClassLoader();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {root.toUri().toURL()}, before)) {
            t.setContextClassLoader(loader);
            return body.call();
        } finally {
            t.setContextClassLoader(before);
        }
    }
}
