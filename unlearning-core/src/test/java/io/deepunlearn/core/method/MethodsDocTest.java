package io.deepunlearn.core.method;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * docs/methods.md is generated from the method catalogue; this fails when it is out of date. With
 * {@code -Dmethods.doc.write=true} it rewrites the file instead (see {@link MethodsDoc#REGENERATE}).
 */
class MethodsDocTest {

    private static final Path DOC = Path.of("..", "docs", "methods.md");

    @Test
    void docsMethodsMdMatchesTheCatalogue() throws Exception {
        String expected = MethodsDoc.render();
        if (Boolean.getBoolean("methods.doc.write")) {
            Files.writeString(DOC, expected, StandardCharsets.UTF_8);
        }
        assertThat(DOC).as("docs/methods.md is missing; generate it with: " + MethodsDoc.REGENERATE).exists();
        assertThat(Files.readString(DOC, StandardCharsets.UTF_8))
                .as("docs/methods.md is out of date with the method catalogue; regenerate it with: "
                        + MethodsDoc.REGENERATE)
                .isEqualTo(expected);
    }

    @Test
    void everyMethodHasASectionWithItsReferenceKeyAndEveryDefault() {
        String doc = MethodsDoc.render();
        assertThat(Methods.all()).hasSize(18);
        for (UnlearningMethod m : Methods.all()) {
            assertThat(doc).contains("\n## " + m.name() + " (`" + m.referenceKey() + "`)\n");
            m.defaults().asMap().keySet().forEach(k -> assertThat(doc).contains("| `" + k + "` |"));
        }
        assertThat(doc).contains("| `num_epochs` | 5 | integer [1, E_max] |")
                .contains("| `optimizer.learning_rate` | 0.1 | log-uniform [1e-5, 0.1] |")
                .contains("| `batch_size` | 256 | {64, 128, 256} |")
                .doesNotContain("f(E_max)");
    }
}
