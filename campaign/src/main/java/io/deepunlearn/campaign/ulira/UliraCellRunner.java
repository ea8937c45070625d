package io.deepunlearn.campaign.ulira;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deepunlearn.campaign.CampaignPlan;
import io.deepunlearn.campaign.CampaignStore;
import io.deepunlearn.campaign.Cell;
import io.deepunlearn.campaign.CellRunner;
import io.deepunlearn.core.bench.ReportWriter;
import io.deepunlearn.core.ulira.SplitObservations;
import io.deepunlearn.core.ulira.UliraRunner;
import io.deepunlearn.pipeline.storage.Hashes;
import java.nio.file.Path;

/**
 * Runs ulira split cells with the single-machine code ({@link UliraRunner#observeSplit}); the observations go to
 * the campaign's files (binary: a paper-scale split holds millions of statistics) and the result names them with
 * their SHA-256, the methods' errors and the shadow-model counts. Shadow models are cached on the worker only.
 */
public final class UliraCellRunner implements CellRunner {

    private final CampaignStore store;
    private final UliraRunner runner;

    public UliraCellRunner(CampaignStore store, CampaignPlan plan, Path dataDir, Path cacheDir) {
        this.store = store;
        this.runner = UliraCampaign.spec(plan).runner(dataDir, cacheDir);
    }

    @Override
    public Outcome run(Cell cell) {
        SplitObservations o = runner.observeSplit(cell.seed());
        byte[] bytes = o.toBytes();
        String sha = Hashes.sha256(bytes);
        String file = UliraCampaign.observationsFile(cell, sha);
        store.putFile(file, bytes);
        ObjectNode payload = ReportWriter.json().createObjectNode();
        payload.put("split", cell.seed());
        payload.put("observations", file);
        payload.put("sha256", sha);
        payload.put("shadow_models_trained", o.shadowModelsTrained());
        payload.put("shadow_models_reused", o.shadowModelsReused());
        payload.set("errors", ReportWriter.json().valueToTree(o.errors()));
        return Outcome.ok(payload); // a method's failure is the method's, reported by collect, not the cell's
    }

    @Override
    public Outcome abandoned(Cell cell, String reason) {
        ObjectNode payload = ReportWriter.json().createObjectNode();
        payload.put("split", cell.seed());
        return Outcome.failed(reason, payload);
    }
}
