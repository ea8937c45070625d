package io.deepunlearn.localstack.load;

import com.fasterxml.jackson.databind.JsonNode;
import io.deepunlearn.localstack.PipelineClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * One offered rate against a running pipeline: send open-loop ({@link OpenLoopSender}), wait until every accepted
 * request has a receipt or failed (bounded by the drain timeout), check each receipt through the auditor's REST
 * API, and account ({@link RateResult}). Observations come from the event tap and the receipt watch.
 */
public final class LoadStep {

    /** The accounting of a step and the per-request outcomes behind it. */
    public record Result(RateResult rate, List<RequestOutcome> outcomes) {
    }

    private final PipelineClient client;
    private final PipelineObservations observations;
    private final Runnable finalReceiptScan;
    private final String modelId;
    private final Duration drainTimeout;
    private final Consumer<String> log;

    public LoadStep(PipelineClient client, PipelineObservations observations, Runnable finalReceiptScan,
                    String modelId, Duration drainTimeout, Consumer<String> log) {
        this.client = client;
        this.observations = observations;
        this.finalReceiptScan = finalReceiptScan;
        this.modelId = modelId;
        this.drainTimeout = drainTimeout;
        this.log = log;
    }

    public Result run(OfferedRate rate, List<String> subjects) {
        log.accept(String.format("%s/s for %s s: %d requests", rate.label(), fmt(rate.seconds()), subjects.size()));
        return offer(rate.label() + "/s", rate, subjects);
    }

    /** All requests at once (a burst the unlearner coalesces), then drained and accounted like a rate. */
    public Result burst(String name, List<String> subjects) {
        log.accept(String.format("%s: %d requests at once", name, subjects.size()));
        return offer(name, new OfferedRate(1e6, subjects.size() / 1e6), subjects);
    }

    private Result offer(String name, OfferedRate rate, List<String> subjects) {
        List<OpenLoopSender.Pending> sent = new OpenLoopSender(subject -> client.forgetAsync(
                Map.of("subjectId", subject, "modelId", modelId))).offer(rate, subjects);
        long deadline = System.nanoTime() + drainTimeout.toNanos();
        Map<Integer, Answer> answers = awaitAnswers(sent, deadline);
        List<String> accepted = answers.values().stream().filter(a -> a.status() == 202).map(Answer::requestId).toList();
        awaitSettled(name, sent.size(), accepted, deadline);
        finalReceiptScan.run();
        Map<String, String> invalidReceipts = verifyReceipts(accepted);
        List<RequestOutcome> outcomes = new ArrayList<>();
        for (OpenLoopSender.Pending p : sent) {
            Answer a = answers.get(p.index());
            String id = a.status() == 202 ? a.requestId() : null;
            boolean receiptOk = id != null && !invalidReceipts.containsKey(id);
            String failure = id == null ? null : observations.failure(id).orElse(invalidReceipts.get(id));
            outcomes.add(new RequestOutcome(p.index(), p.subject(), p.sentAt(), p.lagNanos(),
                    p.answeredAt().getNow(null), a.status(), id,
                    a.refusal(), id == null ? null : observations.auditedAt(id).orElse(null),
                    receiptOk ? observations.receiptAt(id).orElse(null) : null,
                    id == null ? List.of() : observations.versionsOf(id), failure));
        }
        Map<String, List<String>> runs = observations.runsFor(accepted);
        Map<String, String> auditOutcomes = new HashMap<>();
        runs.keySet().forEach(v -> observations.audit(v).ifPresent(a -> auditOutcomes.put(v, a.outcome())));
        RateResult result = RateResult.of(rate, outcomes, runs, auditOutcomes);
        if (result.lost() > 0) {
            log.accept(String.format("%s: %d lost; refused %s, no receipt %s", name, result.lost(), result.refusals(),
                    result.failures()));
        }
        return new Result(result, outcomes);
    }

    /** The intake's answer: 202 + request id, or the refusal (status 0 when the call itself failed). */
    record Answer(int status, String requestId, String refusal) {
    }

    private Map<Integer, Answer> awaitAnswers(List<OpenLoopSender.Pending> sent, long deadline) {
        Map<Integer, Answer> answers = new HashMap<>();
        for (OpenLoopSender.Pending p : sent) {
            answers.put(p.index(), answer(p, deadline));
        }
        return answers;
    }

    private static Answer answer(OpenLoopSender.Pending p, long deadline) {
        try {
            PipelineClient.Reply r = p.reply().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            JsonNode body = r.body();
            if (r.status() == 202 && body != null && body.hasNonNull("requestId")) {
                return new Answer(202, body.path("requestId").asText(), null);
            }
            String reason = body == null ? "" : body.hasNonNull("error") ? body.path("error").asText()
                    : "duplicate".equals(body.path("status").asText()) ? "duplicate of " + body.path("requestId").asText()
                    : body.toString();
            return new Answer(r.status(), null, reason);
        } catch (ExecutionException e) {
            return new Answer(0, null, String.valueOf(e.getCause().getMessage()));
        } catch (TimeoutException e) {
            return new Answer(0, null, "no answer before the drain timeout");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(0, null, "interrupted");
        }
    }

    private void awaitSettled(String name, int sent, List<String> accepted, long deadline) {
        long nextLog = System.nanoTime();
        while (true) {
            long settled = accepted.stream().filter(observations::settled).count();
            long now = System.nanoTime();
            if (settled == accepted.size() || now > deadline) {
                if (settled < accepted.size()) {
                    log.accept(String.format("%s: drain timeout (%s) with %d of %d accepted requests unsettled",
                            name, drainTimeout, accepted.size() - settled, accepted.size()));
                }
                return;
            }
            if (now >= nextLog) {
                long audited = accepted.stream().filter(id -> observations.auditedAt(id).isPresent()).count();
                log.accept(String.format("%s: %d sent, %d accepted, %d audited, %d settled", name, sent,
                        accepted.size(), audited, settled));
                nextLog = now + 10_000_000_000L;
            }
            sleep(100);
        }
    }

    /**
     * Reads every listed receipt back through the auditor's REST API (4 at a time): it must be served and name
     * this request and a version audited for it. Returns request id to problem for the receipts that fail.
     */
    private Map<String, String> verifyReceipts(List<String> accepted) {
        Map<String, String> problems = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        for (String id : accepted) {
            if (observations.receiptAt(id).isPresent()) {
                pool.execute(() -> {
                    String problem;
                    try {
                        problem = receiptProblem(id);
                    } catch (RuntimeException e) {
                        problem = "receipt check failed: " + e.getMessage();
                    }
                    if (problem != null) {
                        problems.put(id, problem);
                    }
                });
            }
        }
        pool.shutdown();
        try {
            if (!pool.awaitTermination(5, TimeUnit.MINUTES)) {
                throw new IllegalStateException("receipt checks did not finish within 5 minutes");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking receipts", e);
        }
        return problems;
    }

    private String receiptProblem(String requestId) {
        PipelineClient.Reply r = client.receipt(requestId);
        if (r.status() != 200 || r.body() == null) {
            return "receipt listed but the auditor answered " + r.status();
        }
        if (!requestId.equals(r.body().path("requestId").asText())) {
            return "receipt names another request";
        }
        String version = r.body().path("unlearnedVersion").path("version").asText();
        return observations.versionsOf(requestId).contains(version) ? null
                : "receipt's version " + version + " was not audited for this request";
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
