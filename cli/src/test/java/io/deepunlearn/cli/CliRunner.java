package io.deepunlearn.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the real command line in-process and captures its exit code and output. */
record CliRunner(int exitCode, String out, String err) {

    static CliRunner run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        picocli.CommandLine cmd = DeepUnlearn.commandLine();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int code = cmd.execute(args);
        return new CliRunner(code, out.toString(), err.toString());
    }
}
