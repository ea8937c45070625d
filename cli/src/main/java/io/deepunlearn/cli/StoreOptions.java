package io.deepunlearn.cli;

import io.deepunlearn.campaign.CampaignStore;
import io.deepunlearn.pipeline.storage.ObjectStore;
import io.deepunlearn.pipeline.storage.S3Settings;
import java.time.Duration;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Where a campaign's objects live: the object store named by the services' environment variables
 * (DEEPUNLEARN_S3_ENDPOINT, DEEPUNLEARN_S3_ACCESS_KEY, DEEPUNLEARN_S3_SECRET_KEY, DEEPUNLEARN_S3_REGION: credentials
 * never travel on a command line) and the campaigns bucket.
 */
final class StoreOptions {

    static final String ENDPOINT = "DEEPUNLEARN_S3_ENDPOINT";
    static final String ACCESS_KEY = "DEEPUNLEARN_S3_ACCESS_KEY";
    static final String SECRET_KEY = "DEEPUNLEARN_S3_SECRET_KEY";
    static final String REGION = "DEEPUNLEARN_S3_REGION";

    @Option(names = "--bucket", paramLabel = "NAME", defaultValue = "${env:DEEPUNLEARN_BUCKET_CAMPAIGNS:-campaigns}",
            description = "Bucket of campaigns and of the shared reference-model cache (env DEEPUNLEARN_BUCKET_CAMPAIGNS). Default: ${DEFAULT-VALUE}.")
    String bucket;

    static boolean configured(Map<String, String> env) {
        String e = env.get(ENDPOINT);
        return e != null && !e.isBlank();
    }

    /**
     * Per-call timeout: longer than the services' 10 s, because a worker moves checkpoints of tens of MB and, on a
     * machine shared with training, an in-process S3 server can stall for seconds (calls are also retried).
     */
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    /** The store the environment names (fails with the variable to set when it names none). */
    ObjectStore open(Map<String, String> env) {
        return new ObjectStore(new S3Settings(env.get(ENDPOINT), env.get(ACCESS_KEY), env.get(SECRET_KEY),
                env.get(REGION), TIMEOUT));
    }

    CampaignStore campaign(ObjectStore objects, String name) {
        return new CampaignStore(objects, bucket, name);
    }
}
