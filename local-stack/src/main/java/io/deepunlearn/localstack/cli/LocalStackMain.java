package io.deepunlearn.localstack.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Stand-alone entry point ({@code up} / {@code demo} / {@code loadtest}); the {@code ./deepunlearn} CLI registers the same commands. */
@Command(name = "local-stack", mixinStandardHelpOptions = true, subcommands = {UpCommand.class, DemoCommand.class,
        PipelineLoadCommand.class})
public class LocalStackMain {

    public static void main(String[] args) {
        System.exit(new CommandLine(new LocalStackMain()).execute(args));
    }
}
