package io.deepunlearn.campaign.tune;

import com.fasterxml.jackson.databind.JsonNode;
import io.deepunlearn.campaign.CampaignPlan;
import io.deepunlearn.campaign.CampaignStore;
import io.deepunlearn.campaign.Cell;
import io.deepunlearn.core.bench.ReportWriter;
import io.deepunlearn.core.data.DataSplits;
import io.deepunlearn.core.train.TrainConfig;
import io.deepunlearn.core.tune.Tuner;
import io.deepunlearn.core.util.Hashing;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A hyperparameter search as a campaign, laid out as the reference lays it out: one study per search seed
 * (docs/reference.md#hp-search). Cells: for each seed a "reference" cell (the seed's original and retrained
 * models, trained once and published to the shared cache) and then a "study" cell that runs that seed's whole
 * study ({@code trials} trials, sequential by nature: the sampler needs each result before its next proposal).
 * A study uploads its trials after each one, so progress is visible and a study taken over from a dead worker
 * resumes from its last trial. Selection ({@link Tuner#select}) runs over the stored trials when collected.
 */
public final class TuneCampaign {

    public static final String KIND = "tune";
    static final String REFERENCE = "reference";
    static final String STUDY = "study";

    /** What a search is: the method, the data and recipe, its seeds, trials per seed, sampler and E_max. */
    public record Spec(String method, String dataset, String arch, List<Integer> seeds, int trials, String sampler,
                       int maxEpochs, Integer trainSize, Integer testSize, int epochs, int batchSize,
                       double learningRate, Map<String, Object> context) {

        /** The original/retrained recipe (bench's and tune's: the cached pairs are shared). */
        public TrainConfig recipe() {
            return new TrainConfig(epochs, batchSize, learningRate, 0.9, 5e-4, true, DataSplits.DEFAULT_SEED);
        }

        Tuner.Settings settings(List<Integer> studySeeds) {
            return new Tuner.Settings(studySeeds, trials, sampler, maxEpochs, context);
        }
    }

    private TuneCampaign() {
    }

    public static String fingerprint(Spec spec) {
        return Hashing.sha256("tune-v1|" + ReportWriter.json().valueToTree(spec)).substring(0, 16);
    }

    public static String defaultName(Spec spec) {
        return KIND + "-" + spec.method().toLowerCase().replaceAll("[^a-z0-9]", "_") + "-" + fingerprint(spec);
    }

    public static CampaignPlan plan(String name, Spec spec) {
        spec.settings(spec.seeds()); // validates seeds, trials, sampler and E_max before anything is written
        List<Cell> cells = new ArrayList<>();
        for (int seed : spec.seeds()) {
            String ref = Cell.id(cells.size(), "ref", spec.dataset(), spec.arch(), "s" + seed);
            cells.add(new Cell(ref, REFERENCE, spec.dataset(), spec.arch(), null, seed, List.of()));
            cells.add(new Cell(Cell.id(cells.size(), "study", spec.method(), "s" + seed), STUDY, spec.dataset(),
                    spec.arch(), spec.method(), seed, List.of(ref)));
        }
        JsonNode json = ReportWriter.json().valueToTree(spec);
        return new CampaignPlan(CampaignPlan.SCHEMA_VERSION, name, KIND, fingerprint(spec), json, cells);
    }

    public static Spec spec(CampaignPlan plan) {
        if (!KIND.equals(plan.kind())) {
            throw new IllegalArgumentException("campaign " + plan.name() + " is a " + plan.kind() + " campaign, not "
                    + KIND);
        }
        return ReportWriter.json().convertValue(plan.spec(), Spec.class);
    }

    /** Where a study's trials so far are kept in the store while it runs. */
    static String trialsFile(Cell cell) {
        return "trials/" + cell.id() + ".jsonl";
    }

    /** Trials logged so far over the campaign's studies (finished ones and the running ones' uploads). */
    public static long trialsLogged(CampaignStore store, CampaignPlan plan) {
        long n = 0;
        for (Cell c : plan.cells()) {
            if (STUDY.equals(c.kind())) {
                n += store.file(trialsFile(c)).map(b -> new String(b, StandardCharsets.UTF_8).lines()
                        .filter(l -> !l.isBlank()).count()).orElse(0L);
            }
        }
        return n;
    }
}
