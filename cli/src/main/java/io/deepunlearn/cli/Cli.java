package io.deepunlearn.cli;

import io.deepunlearn.core.checkpoint.CheckpointException;
import io.deepunlearn.core.data.DatasetException;
import java.io.PrintWriter;
import picocli.CommandLine;

/** Shared command-line behaviour: runtime defaults and one-line errors instead of stack traces. */
final class Cli {

    static final int BAD_INPUT = 2;
    static final int FAILED = 1;

    private Cli() {
    }

    /** DJL offline unless the user decides otherwise; headless charts. */
    static void configureRuntime() {
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        System.setProperty("java.awt.headless", "true");
    }

    static int onBadParameters(CommandLine.ParameterException ex, String[] args) {
        PrintWriter err = ex.getCommandLine().getErr();
        err.println("error: " + ex.getMessage().replaceFirst("^Error: ", "")); // picocli prefixes some messages
        err.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help' for more information.");
        return BAD_INPUT;
    }

    /** Invalid input found while running (unknown dataset, bad numbers, unreadable files): exit 2, one line. */
    static int onExecutionFailure(Exception ex, CommandLine cmd, CommandLine.ParseResult parseResult) {
        PrintWriter err = cmd.getErr();
        if (ex instanceof IllegalArgumentException || ex instanceof DatasetException || ex instanceof CheckpointException) {
            err.println("error: " + ex.getMessage());
            return BAD_INPUT;
        }
        err.println("error: " + ex);
        if (System.getenv("DEEPUNLEARN_DEBUG") != null) {
            ex.printStackTrace(err);
        }
        return FAILED;
    }
}
