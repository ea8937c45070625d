package io.deepunlearn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepunlearn.core.bench.Regime;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code tune --regime paper} searches on bench's paper-regime references, with the paper's E_max. */
class TuneRegimeTest {

    private static TuneCommand parsed(String... args) {
        TuneCommand tune = new TuneCommand();
        new CommandLine(tune).parseArgs(args);
        tune.applyRegime();
        return tune;
    }

    @Test
    void thePaperRegimeGivesBenchsReferencesAndAnEmaxOfTen() {
        TuneCommand tune = parsed("--method", "NG+", "--regime", "paper");
        Regime paper = Regime.PAPER;
        assertThat(tune.dataset).isEqualTo(paper.dataset());
        assertThat(tune.arch).isEqualTo(paper.arch());
        assertThat(tune.epochs).isEqualTo(50);
        assertThat(tune.scale.trainSize).isEqualTo(paper.trainSize());
        assertThat(tune.scale.testSize).isEqualTo(paper.testSize());
        assertThat(tune.scale.batchSize).isEqualTo(paper.batchSize());
        assertThat(tune.scale.learningRate).isEqualTo(paper.learningRate());
        assertThat((int) Math.ceil(0.2 * tune.epochs)).isEqualTo(paper.maxUnlearningEpochs()).isEqualTo(10);
    }

    @Test
    void optionsGivenOnTheCommandLineWinOverTheRegime() {
        TuneCommand tune = parsed("--method", "NG+", "--regime", "paper", "--epochs", "20", "--train-size", "1000");
        assertThat(tune.epochs).isEqualTo(20);
        assertThat(tune.scale.trainSize).isEqualTo(1000);
        assertThat(tune.scale.testSize).isEqualTo(Regime.PAPER.testSize());
    }

    @Test
    void anUnknownRegimeIsAOneLineError() {
        CliRunner run = CliRunner.run("tune", "--method", "FT", "--regime", "huge");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("unknown regime 'huge'").doesNotContain("\tat ");
    }
}
