package io.deepunlearn.cli.stack;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The demo's model choice as parsed from its command line (the demo itself runs in the README and by hand). */
class DemoCommandTest {

    private static DemoCommand parse(String... args) {
        DemoCommand demo = new DemoCommand();
        new CommandLine(demo).parseArgs(args);
        return demo;
    }

    @Test
    void trainsTheMemorisingModelByDefaultSoThatTheAuditHasAControlSignal() {
        assertThat(parse().memorising).isTrue();
        assertThat(parse("--memorising").memorising).isTrue();
    }

    @Test
    void noMemorisingChoosesTheSmallFashionMnistModel() {
        DemoCommand demo = parse("--no-memorising", "--epochs", "3");
        assertThat(demo.memorising).isFalse();
        assertThat(demo.epochs).isEqualTo(3);
    }
}
