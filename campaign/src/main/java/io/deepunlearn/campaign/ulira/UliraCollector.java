package io.deepunlearn.campaign.ulira;

import com.fasterxml.jackson.databind.JsonNode;
import io.deepunlearn.campaign.CampaignPlan;
import io.deepunlearn.campaign.CampaignStore;
import io.deepunlearn.campaign.Cell;
import io.deepunlearn.campaign.CellResult;
import io.deepunlearn.core.bench.Environment;
import io.deepunlearn.core.bench.ReportWriter;
import io.deepunlearn.core.ulira.SplitObservations;
import io.deepunlearn.core.ulira.UliraReport;
import io.deepunlearn.core.ulira.UliraRunner;
import io.deepunlearn.pipeline.storage.Hashes;
import io.deepunlearn.pipeline.storage.StorageException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Assembles a finished ulira campaign into what {@code ulira} writes (ulira.json, ulira-samples.json.gz,
 * ulira.html): the attack of the single-machine code ({@link UliraRunner#results}) over the stored observations of
 * every split, each checked against the SHA-256 its result records. A split cell that failed as a whole fails every
 * method with its reason. The wall time is the cells' summed wall time; the environment is the one of the worker
 * that ran the first split (every cell's own stays in its result object).
 */
public final class UliraCollector {

    private UliraCollector() {
    }

    /** The results written to {@code out}; fails, naming them, when splits have no result yet. */
    public static UliraRunner.Results collect(CampaignStore store, CampaignPlan plan, Path out) {
        UliraCampaign.Spec spec = UliraCampaign.spec(plan);
        UliraRunner runner = spec.runner(null, null);
        List<SplitObservations> splits = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        double seconds = 0;
        JsonNode environment = null;
        for (Cell cell : plan.cells()) {
            CellResult r = store.result(cell.id()).orElse(null);
            if (r == null) {
                missing.add(cell.id());
                continue;
            }
            seconds += r.seconds();
            environment = environment == null ? r.environment() : environment;
            splits.add(r.ok() ? observations(store, r) : SplitObservations.failed(cell.seed(), runner.methodNames(),
                    r.error()));
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("campaign " + plan.name() + " is not finished: splits without a result: "
                    + missing);
        }
        UliraRunner.Results results = runner.results(splits, seconds,
                ReportWriter.json().convertValue(environment, Environment.class));
        UliraReport.write(results, out);
        return results;
    }

    private static SplitObservations observations(CampaignStore store, CellResult r) {
        String file = r.payload().path("observations").asText();
        byte[] bytes = store.file(file).orElseThrow(() -> new StorageException("the observations of " + r.cell()
                + " (" + file + ") are missing from the campaign's files"));
        String sha = Hashes.sha256(bytes);
        if (!sha.equals(r.payload().path("sha256").asText())) {
            throw new StorageException(file + " has SHA-256 " + sha + ", not the one its result records");
        }
        return SplitObservations.fromBytes(bytes);
    }
}
