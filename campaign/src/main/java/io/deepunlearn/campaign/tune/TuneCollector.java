package io.deepunlearn.campaign.tune;

import io.deepunlearn.campaign.CampaignPlan;
import io.deepunlearn.campaign.CampaignStore;
import io.deepunlearn.campaign.Cell;
import io.deepunlearn.campaign.CellResult;
import io.deepunlearn.core.method.Methods;
import io.deepunlearn.core.train.ProgressListener;
import io.deepunlearn.core.tune.TrialSelection;
import io.deepunlearn.core.tune.Tuner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Assembles a finished tune campaign into what {@code tune} writes: OUT/trials.jsonl (every study's trials, in
 * seed order), OUT/study.json and OUT/best.json, the selection made by the single-machine code
 * ({@link Tuner#select}) over the stored trials.
 */
public final class TuneCollector {

    private TuneCollector() {
    }

    /** The selection; fails, naming them, when studies have no result yet. */
    public static TrialSelection.Result collect(CampaignStore store, CampaignPlan plan, Path out) {
        TuneCampaign.Spec spec = TuneCampaign.spec(plan);
        List<String> lines = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (Cell cell : plan.cells()) {
            if (!TuneCampaign.STUDY.equals(cell.kind())) {
                continue;
            }
            CellResult r = store.result(cell.id()).orElse(null);
            if (r == null) {
                missing.add(cell.id());
            } else {
                r.payload().path("trials").forEach(l -> lines.add(l.asText()));
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("campaign " + plan.name() + " is not finished: studies without a result: "
                    + missing);
        }
        try {
            Files.createDirectories(out);
            Files.write(out.resolve("trials.jsonl"), (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the trials to " + out, e);
        }
        return new Tuner(Methods.get(spec.method()), spec.settings(spec.seeds()), out, (seed, hp) -> {
            throw new IllegalStateException("selection runs no trial");
        }, ProgressListener.NONE).select();
    }
}
