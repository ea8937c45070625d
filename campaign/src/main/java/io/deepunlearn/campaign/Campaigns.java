package io.deepunlearn.campaign;

import io.deepunlearn.campaign.bench.BenchCampaign;
import io.deepunlearn.campaign.bench.BenchCellRunner;
import io.deepunlearn.campaign.bench.BenchCollector;
import io.deepunlearn.campaign.tune.TuneCampaign;
import io.deepunlearn.campaign.tune.TuneCellRunner;
import io.deepunlearn.campaign.tune.TuneCollector;
import io.deepunlearn.campaign.ulira.UliraCampaign;
import io.deepunlearn.campaign.ulira.UliraCellRunner;
import io.deepunlearn.campaign.ulira.UliraCollector;
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
            case TuneCampaign.KIND -> new TuneCellRunner(store,
                    new References(new ReferenceCache(store.objects(), store.bucket()), cacheDir), plan, dataDir,
                    cacheDir.resolveSibling(cacheDir.getFileName() + "-studies"));
            case UliraCampaign.KIND -> new UliraCellRunner(store, plan, dataDir, cacheDir);
            default -> throw new IllegalArgumentException(unsupported(plan));
        };
    }

    /**
     * Writes {@code plan}'s outputs into {@code out} from its results (bench: the reports; tune: trials and
     * best.json; ulira: its report); returns how many runs (bench), studies (tune) or methods (ulira) failed.
     */
    public static long collect(CampaignStore store, CampaignPlan plan, Path out) {
        return switch (plan.kind()) {
            case BenchCampaign.KIND -> BenchCollector.collect(store, plan, out).failedRuns();
            case TuneCampaign.KIND -> {
                TuneCollector.collect(store, plan, out);
                yield plan.cells().stream().filter(c -> store.result(c.id()).map(r -> !r.ok()).orElse(false)).count();
            }
            case UliraCampaign.KIND -> UliraCollector.collect(store, plan, out).methods().stream()
                    .filter(m -> m.error() != null).count();
            default -> throw new IllegalArgumentException(unsupported(plan));
        };
    }

    private static String unsupported(CampaignPlan plan) {
        return "campaign " + plan.name() + " is of kind '" + plan.kind() + "', which this build does not run";
    }
}
