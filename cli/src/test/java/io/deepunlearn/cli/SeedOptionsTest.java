package io.deepunlearn.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code --seeds N} (seeds 0..N-1) versus {@code --seed-list 0,3,7}, the same in bench and tune. */
class SeedOptionsTest {

    @TempDir
    Path dir;

    /** {@code command} with its required options (tune: --method) and {@code rest}. */
    private static String[] line(String command, String... rest) {
        List<String> args = new java.util.ArrayList<>(command.equals("tune") ? List.of(command, "--method", "FT")
                : List.of(command));
        args.addAll(List.of(rest));
        return args.toArray(String[]::new);
    }

    /** The seeds a command line resolves to, without running the command. */
    private static List<Integer> parsed(String command, String... rest) {
        CommandLine.ParseResult pr = DeepUnlearn.commandLine().parseArgs(line(command, rest));
        Object cmd = pr.subcommand().commandSpec().userObject();
        SeedOptions seeds = cmd instanceof BenchCommand b ? b.seeds : ((TuneCommand) cmd).seeds;
        return SeedOptions.resolve(seeds, List.of(-1));
    }

    @Test
    void aCountMeansTheFirstNSeedsAndAListMeansExactlyThose() {
        for (String command : new String[] {"bench", "tune"}) {
            assertThat(parsed(command, "--seeds", "3")).containsExactly(0, 1, 2);
            assertThat(parsed(command, "--seeds=1")).containsExactly(0);
            assertThat(parsed(command, "--seed-list", "0,3,7")).containsExactly(0, 3, 7);
            assertThat(parsed(command, "--seed-list", "3")).containsExactly(3);
            assertThat(parsed(command, "--seed-list", "0")).containsExactly(0);
            assertThat(parsed(command)).as("neither: the command's default").containsExactly(-1);
        }
    }

    @Test
    void ambiguousOrMalformedSeedsAreUsageErrors() {
        for (String command : new String[] {"bench", "tune"}) {
            CliRunner trailing = CliRunner.run(line(command, "--seeds", "3,"));
            assertThat(trailing.exitCode()).isEqualTo(Cli.BAD_INPUT);
            assertThat(trailing.err().lines().findFirst().orElseThrow())
                    .contains("'3,' is not a number of seeds", "--seed-list 3");
            CliRunner zero = CliRunner.run(line(command, "--seeds", "0"));
            assertThat(zero.exitCode()).isEqualTo(Cli.BAD_INPUT);
            assertThat(zero.err()).contains("0 is not a number of seeds", "for the single seed 0 use --seed-list 0");
            assertThat(CliRunner.run(line(command, "--seeds", "0,1")).err()).contains("--seed-list 0,1");
            for (String bad : new String[] {"3,", ",3", "0,,1", "a", "-1", "1,1", ""}) {
                CliRunner r = CliRunner.run(line(command, "--seed-list", bad));
                assertThat(r.exitCode()).as(bad).isEqualTo(Cli.BAD_INPUT);
                assertThat(r.err()).as(bad).contains("is not a list of seeds");
            }
            CliRunner both = CliRunner.run(line(command, "--seeds", "2", "--seed-list", "0,1"));
            assertThat(both.exitCode()).isEqualTo(Cli.BAD_INPUT);
            assertThat(both.err()).contains("mutually exclusive").doesNotContain("error: Error");
        }
    }

    @Test
    void helpShowsBothOptions() {
        for (String command : new String[] {"bench", "tune"}) {
            assertThat(CliRunner.run(command, "--help").out()).contains("--seeds=N", "--seed-list=S,S,...");
        }
    }

    @Test
    void workersGetTheirSeedsAsAnExplicitList() {
        assertThat(TuneWorkers.inheritedArgs(List.of("tune", "--seeds", "3", "--seed-list", "0,1", "--seeds=2",
                "--seed-list=4", "--workers", "2", "--method", "FT"))).containsExactly("tune", "--method", "FT");
    }

    @Test
    void campaignFilesUseTheSameMeaning() throws Exception {
        assertThat(campaign("seeds: 3").seeds()).containsExactly(0, 1, 2);
        assertThat(campaign("seeds: [3]").seeds()).containsExactly(3);
        assertThat(campaign("seeds: [0, 3, 7]").seeds()).containsExactly(0, 3, 7);
        assertThatThrownBy(() -> campaign("seeds: \"0,3\"")).hasMessageContaining("seeds must be a count");
        assertThatThrownBy(() -> campaign("seeds: 0")).hasMessageContaining("0 is not a number of seeds");
    }

    private CampaignFile campaign(String yaml) throws Exception {
        Path f = dir.resolve("c.yaml");
        Files.writeString(f, yaml + "\n");
        return CampaignFile.read(f);
    }
}
