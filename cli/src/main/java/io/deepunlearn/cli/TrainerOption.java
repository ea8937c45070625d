package io.deepunlearn.cli;

import io.deepunlearn.localstack.PipelineClient;
import picocli.CommandLine.Option;

/**
 * {@code --trainer URL} and {@code --token JWT}: the trainer service the bring-your-own commands talk to and the
 * trainer operator's bearer token they send (a picocli mixin).
 */
final class TrainerOption {

    @Option(names = "--trainer", paramLabel = "URL", defaultValue = "${env:DEEPUNLEARN_TRAINER_URL:-http://localhost:8081}",
            description = "Trainer service (default: $DEEPUNLEARN_TRAINER_URL, else ${DEFAULT-VALUE}, as ./deepunlearn up starts it).")
    String url;

    @Option(names = "--token", paramLabel = "JWT", defaultValue = "${env:DEEPUNLEARN_TOKEN}",
            description = "A trainer-operator bearer token (default: $DEEPUNLEARN_TOKEN; ./deepunlearn up prints one).")
    String token;

    /** A client of this trainer, authenticated with the token. */
    io.deepunlearn.localstack.ByoClient client() {
        return new io.deepunlearn.localstack.ByoClient(url, token);
    }

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
