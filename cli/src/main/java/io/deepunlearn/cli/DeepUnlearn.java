package io.deepunlearn.cli;

import io.deepunlearn.cli.dlq.DlqCommand;
import io.deepunlearn.cli.stack.ChaosCommand;
import io.deepunlearn.cli.stack.DemoCommand;
import io.deepunlearn.cli.stack.PipelineLoadCommand;
import io.deepunlearn.cli.stack.UpCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code deepunlearn} command line: one sub-command per job. */
@Command(name = "deepunlearn", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Machine unlearning for deployed deep-learning models: train, benchmark, audit.",
        subcommands = {TrainCommand.class, BenchCommand.class, TuneCommand.class, UliraCommand.class, ModelCommand.class,
            DatasetCommand.class, SubjectsCommand.class, CampaignCommand.class,
            UpCommand.class,
            DemoCommand.class, PipelineLoadCommand.class, ChaosCommand.class, DlqCommand.class,
            VerifyReceiptCommand.class,
            CommandLine.HelpCommand.class})
public final class DeepUnlearn implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns its exit code (2 for bad input, 1 for failures, 0 for success). */
    public static int execute(String... args) {
        return commandLine().execute(args);
    }

    /** The configured command line (tests redirect its output streams). */
    public static CommandLine commandLine() {
        Cli.configureRuntime();
        return new CommandLine(new DeepUnlearn())
                .setParameterExceptionHandler(Cli::onBadParameters)
                .setExecutionExceptionHandler(Cli::onExecutionFailure);
    }
}
