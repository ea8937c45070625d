package io.deepunlearn.cli.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepunlearn.cli.DeepUnlearn;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Bad options are refused before anything starts: exit code 2 and one line naming the problem. */
class PipelineLoadCommandTest {

    record Run(int exit, String err) {
    }

    static Run run(String... args) {
        CommandLine cmd = DeepUnlearn.commandLine();
        StringWriter err = new StringWriter();
        cmd.setErr(new PrintWriter(err));
        cmd.setOut(new PrintWriter(new StringWriter()));
        return new Run(cmd.execute(args), err.toString());
    }

    @Test
    void aNegativeRateIsBadInput() {
        Run r = run("loadtest", "--rates", "1,-5");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("rate must be a positive number of requests per second, got -5.0");
    }

    @Test
    void aZeroDurationIsBadInput() {
        Run r = run("loadtest", "--duration", "0");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("duration must be a positive number of seconds");
    }

    @Test
    void otherBadOptionsAreBadInput() {
        assertThat(run("loadtest", "--rates", "ten").exit()).isEqualTo(2);
        assertThat(run("loadtest", "--coalesce-window", "2s").err()).contains("not an ISO-8601 duration");
        assertThat(run("loadtest", "--samples-per-subject", "0").exit()).isEqualTo(2);
        assertThat(run("loadtest", "--drain-timeout", "-1").exit()).isEqualTo(2);
    }
}
