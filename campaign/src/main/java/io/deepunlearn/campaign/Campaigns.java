package io.deepunlearn.campaign;

import io.deepunlearn.campaign.bench.BenchCampaign;
import io.deepunlearn.campaign.bench.BenchCellRunner;
import io.deepunlearn.campaign.bench.BenchCollector;
import java.nio.file.Path;

/** The campaign kinds this build runs, by the plan's kind. */
public final class Campaigns {

    private Campaigns() {
    }

    /** The runner of {@code plan}'s cells on this machine (data under {@code dataDir}, local model cache). */
    public static CellRunner runner(CampaignStore store, CampaignPlan plan, Path dataDir, Path cacheDir) {
        return switch (plan.kind()) {
            case BenchCampaign.KIND -> new BenchCellRunner(store, new ReferenceCache(store.objects(), store.bucket()),
                    plan, dataDir, cacheDir);
            default -> throw new IllegalArgumentException(unsupported(plan));
        };
    }

    /** Writes {@code plan}'s reports into {@code out} from its results; returns the number of failed runs. */
    public static long collect(CampaignStore store, CampaignPlan plan, Path out) {
        return switch (plan.kind()) {
            case BenchCampaign.KIND -> BenchCollector.collect(store, plan, out).failedRuns();
            default -> throw new IllegalArgumentException(unsupported(plan));
        };
    }

    private static String unsupported(CampaignPlan plan) {
        return "campaign " + plan.name() + " is of kind '" + plan.kind() + "', which this build does not run";
    }
}
