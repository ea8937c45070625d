package io.deepunlearn.cli;

import io.deepunlearn.localstack.PipelineClient;
import picocli.CommandLine.Option;

/** {@code --trainer URL}: the trainer service the bring-your-own commands talk to (a picocli mixin). */
final class TrainerOption {

    @Option(names = "--trainer", paramLabel = "URL", defaultValue = "${env:DEEPUNLEARN_TRAINER_URL:-http://localhost:8081}",
            description = "Trainer service (default: $DEEPUNLEARN_TRAINER_URL, else ${DEFAULT-VALUE}, as ./deepunlearn up starts it).")
    String url;

    /** Prints a successful answer's JSON and returns 0, or the service's reason and the CLI's exit code. */
    static int report(PipelineClient.Reply r, int... ok) {
        for (int status : ok) {
            if (r.status() == status) {
                System.out.println(r.body() == null ? "" : r.body().toPrettyString());
                return 0;
            }
        }
        System.err.println("error: " + r.status() + " " + (r.body() == null ? "" : r.body().path("detail").asText()));
        if (r.body() != null && r.body().has("errors")) {
            r.body().path("errors").forEach(p -> System.err.println("  row " + p.path("row").asInt() + ": "
                    + p.path("message").asText()));
        }
        return r.status() >= 500 ? Cli.FAILED : Cli.BAD_INPUT;
    }
}
