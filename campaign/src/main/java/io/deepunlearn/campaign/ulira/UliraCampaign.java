package io.deepunlearn.campaign.ulira;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deepunlearn.campaign.CampaignPlan;
import io.deepunlearn.campaign.Cell;
import io.deepunlearn.campaign.ResolvedHyperParameters;
import io.deepunlearn.core.bench.ReportWriter;
import io.deepunlearn.core.method.HyperParameters;
import io.deepunlearn.core.model.Architectures;
import io.deepunlearn.core.train.ProgressListener;
import io.deepunlearn.core.train.TrainConfig;
import io.deepunlearn.core.ulira.UliraRunner;
import io.deepunlearn.core.util.Hashing;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * U-LiRA as a campaign (docs/ulira.md): one "split" cell per shadow split, which trains (or reuses from the
 * worker's local cache) that split's original and retrained shadow models, applies every method to the original of
 * each forget set and stores the statistics of every dev sample ({@link UliraRunner#observeSplit}). Splits are
 * independent and seeded by their index alone, so a cell computes what the single-machine run computes for its
 * split; the attack, which needs every split, runs when the campaign is collected. One cell per split rather than
 * per (split, forget set): a split's forget sets all start from its one original, which then never leaves the
 * worker. The spec holds the settings and every method's resolved hyperparameters (tuned values included).
 */
public final class UliraCampaign {

    public static final String KIND = "ulira";
    static final String SPLIT = "split";

    /** The settings of {@link UliraRunner.Settings} that do not depend on the machine, plus the resolved values. */
    public record Spec(String dataset, String arch, List<String> methods, int splits, int forgetSets, int modelSeed,
                       Integer trainSize, TrainConfig train, Map<String, Map<String, Object>> overrides, String tuned,
                       JsonNode hyperparameters) {

        /** The settings on this machine: data from {@code dataDir}, shadow models cached under {@code cacheDir}. */
        public UliraRunner.Settings settings(Path dataDir, Path cacheDir) {
            return new UliraRunner.Settings(dataset, arch, methods, splits, forgetSets, modelSeed, trainSize, train,
                    dataDir, cacheDir, overrides, tuned == null ? null : Path.of(tuned));
        }

        Map<String, HyperParameters> resolved() {
            return ResolvedHyperParameters.typed(hyperparameters);
        }

        /** A runner that uses the starter's resolved hyperparameters. */
        UliraRunner runner(Path dataDir, Path cacheDir) {
            return new UliraRunner(settings(dataDir, cacheDir), resolved(), ProgressListener.NONE,
                    ProgressListener.NONE);
        }
    }

    private UliraCampaign() {
    }

    /** The spec of {@code settings}, its hyperparameters resolved here (defaults, --tuned, --set). */
    public static Spec spec(UliraRunner.Settings settings) {
        Architectures.requireKnown(settings.arch()); // before anything is written, as methods are below
        Map<String, HyperParameters> resolved = new UliraRunner(settings, ProgressListener.NONE, ProgressListener.NONE)
                .resolveHyperParameters();
        return new Spec(settings.dataset(), settings.arch(), settings.methods(), settings.splits(),
                settings.forgetSets(), settings.modelSeed(), settings.trainSize(), settings.train(),
                settings.overrides(), settings.tunedDir() == null ? null : settings.tunedDir().toString(),
                ResolvedHyperParameters.json(resolved));
    }

    /** What determines the results: everything but the tuned directory's path (its values are in the spec). */
    public static String fingerprint(Spec spec) {
        ObjectNode json = ReportWriter.json().valueToTree(spec);
        json.remove("tuned");
        return Hashing.sha256("ulira-v1|" + json).substring(0, 16);
    }

    public static String defaultName(Spec spec) {
        return KIND + "-" + fingerprint(spec);
    }

    public static CampaignPlan plan(String name, Spec spec) {
        List<Cell> cells = new ArrayList<>();
        for (int s = 0; s < spec.splits(); s++) {
            cells.add(new Cell(Cell.id(cells.size(), SPLIT, spec.dataset(), spec.arch(), "s" + s), SPLIT,
                    spec.dataset(), spec.arch(), null, s, List.of()));
        }
        return new CampaignPlan(CampaignPlan.SCHEMA_VERSION, name, KIND, fingerprint(spec),
                ReportWriter.json().valueToTree(spec), cells);
    }

    public static Spec spec(CampaignPlan plan) {
        if (!KIND.equals(plan.kind())) {
            throw new IllegalArgumentException("campaign " + plan.name() + " is a " + plan.kind() + " campaign, not "
                    + KIND);
        }
        return ReportWriter.json().convertValue(plan.spec(), Spec.class);
    }

    /** Where a split cell's observations are stored: named by their SHA-256, so each attempt's bytes keep theirs. */
    static String observationsFile(Cell cell, String sha256) {
        return "ulira/" + cell.id() + "-" + sha256.substring(0, 16) + ".bin";
    }
}
