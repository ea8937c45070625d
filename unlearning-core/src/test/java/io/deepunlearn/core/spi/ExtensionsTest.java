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

    /**
     * A packaged service cannot take a jar on its class path: the extension path adds it. The provider here is
     * compiled into a jar at test time, so no loader of this test can see it otherwise.
     */
    @Test
    void aJarOnTheExtensionPathAddsItsProvidersAfterTheBuiltins(@TempDir Path dir) throws Exception {
        Path jar = providerJar(dir);
        assertThatThrownBy(() -> Class.forName("com.example.ext.JarMethods")).isInstanceOf(ClassNotFoundException.class);
        List<MethodProvider> found = Extensions.load(MethodProvider.class, jar.toString());
        assertThat(found).extracting(p -> p.getClass().getName())
                .containsExactly(BuiltinMethods.class.getName(), "com.example.ext.JarMethods");
        assertThat(found.get(1).methods()).extracting(m -> m.name()).containsExactly("JAR-NOOP");
        assertThat(Extensions.isBuiltin(found.get(1))).isFalse();
        // it sees the library's copy of the interfaces
        assertThat(found.get(1)).isInstanceOf(MethodProvider.class);
        // the same path again: the same class, not a second copy
        assertThat(Extensions.load(MethodProvider.class, jar.toString()).get(1).getClass()).isSameAs(found.get(1).getClass());
        assertThat(Extensions.load(MethodProvider.class, " ")).extracting(p -> p.getClass().getName())
                .containsExactly(BuiltinMethods.class.getName());
    }

    @Test
    void aMissingExtensionPathEntryIsAnErrorNamingIt(@TempDir Path dir) {
        Path missing = dir.resolve("no-such.jar");
        assertThatThrownBy(() -> Extensions.load(MethodProvider.class, dir + java.io.File.pathSeparator + missing))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining(missing.toString())
                .hasMessageContaining(Extensions.PATH_ENV);
    }

    /** Compiles a one-method provider against this build's classes and packs it with its services entry. */
    private static Path providerJar(Path dir) throws Exception {
        Path src = Files.createDirectories(dir.resolve("src/com/example/ext")).resolve("JarMethods.java");
        Files.writeString(src, String.join("\n",
                "package com.example.ext;",
                "import io.deepunlearn.core.method.*;",
                "import io.deepunlearn.core.model.Network;",
                "public final class JarMethods implements MethodProvider {",
                "  public java.util.List<UnlearningMethod> methods() {",
                "    return java.util.List.of(new UnlearningMethod() {",
                "      public String name() { return \"JAR-NOOP\"; }",
                "      public String referenceKey() { return \"jar_noop\"; }",
                "      public HyperParameters defaults() { return HyperParameters.builder(name()).build(); }",
                "      public SearchSpace searchSpace(int maxEpochs) { return SearchSpace.generic(maxEpochs); }",
                "      public Network unlearn(UnlearningContext ctx, HyperParameters hp) { return ctx.model(); }",
                "    });",
                "  }",
                "}"));
        Path classes = Files.createDirectories(dir.resolve("classes"));
        String classPath = String.join(java.io.File.pathSeparator, location(MethodProvider.class),
                location(ai.djl.ndarray.NDArray.class));
        int rc = javax.tools.ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", classes.toString(),
                "-classpath", classPath, src.toString());
        assertThat(rc).as("javac").isZero();
        Path jar = dir.resolve("ext.jar");
        try (var out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new java.util.jar.JarEntry("META-INF/services/" + MethodProvider.class.getName()));
            out.write("com.example.ext.JarMethods\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            try (var files = Files.walk(classes)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    out.putNextEntry(new java.util.jar.JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                    out.write(Files.readAllBytes(f));
                }
            }
        }
        return jar;
    }

    private static String location(Class<?> type) throws Exception {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
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
