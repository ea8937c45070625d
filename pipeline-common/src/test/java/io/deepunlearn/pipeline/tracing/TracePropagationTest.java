package io.deepunlearn.pipeline.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepunlearn.infra.EmbeddedKafka;
import io.deepunlearn.infra.testing.TopicProbe;
import io.deepunlearn.pipeline.event.ForgetRequested;
import io.deepunlearn.pipeline.messaging.EventPublisher;
import io.deepunlearn.pipeline.messaging.RecordGuard;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * One trace across a real broker: an event published inside a span carries its W3C traceparent in the record's
 * headers; the consumer's {@link RecordGuard} continues that trace (CONSUMER span, child of the PRODUCER span),
 * and work resumed later from a stored traceparent joins it too, linking the other requests of a coalesced run.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TracePropagationTest {

    EmbeddedKafka kafka;
    final InMemorySpanExporter spans = InMemorySpanExporter.create();
    OpenTelemetrySdk otel;
    Tracing tracing;
    EventPublisher publisher;

    @BeforeAll
    void start() {
        kafka = EmbeddedKafka.startTemporary();
        otel = OpenTelemetrySdk.builder().setTracerProvider(SdkTracerProvider.builder()
                .addSpanProcessor(SimpleSpanProcessor.create(spans)).build()).build();
        tracing = new Tracing(otel);
        publisher = new EventPublisher(kafka.bootstrapServers(), "trace-test", Duration.ofSeconds(10), tracing);
    }

    @AfterAll
    void stop() {
        publisher.close();
        otel.close();
        kafka.close();
    }

    @Test
    void aTraceCrossesTheBrokerAndResumesFromTheRecord() {
        String topic = "trace-" + System.nanoTime();
        Span intake = otel.getTracer("test").spanBuilder("POST /api/v1/forget-requests").setSpanKind(SpanKind.SERVER)
                .startSpan();
        String stored;
        try (Scope ignored = intake.makeCurrent()) {
            stored = Tracing.currentTraceparent(); // what the lifecycle keeps in the request's record
            publisher.publish(topic, new ForgetRequested(1, "fr-t1", "m", "ds", null, List.of(1), null, Instant.now()),
                    "fr-t1");
        } finally {
            intake.end();
        }
        String traceId = intake.getSpanContext().getTraceId();
        assertThat(stored).isEqualTo("00-" + traceId + "-" + intake.getSpanContext().getSpanId() + "-01");

        List<ConsumerRecord<String, byte[]>> records = TopicProbe.readUntil(kafka.bootstrapServers(), topic, r -> true,
                Duration.ofSeconds(30));
        ConsumerRecord<String, byte[]> record = records.get(0);
        assertThat(new String(record.headers().lastHeader("traceparent").value())).contains(traceId);

        AtomicReference<String> inConsumer = new AtomicReference<>();
        assertThat(new RecordGuard(publisher).handle(record, topic, () -> inConsumer.set(Tracing.currentTraceparent())))
                .isTrue();
        assertThat(inConsumer.get()).contains(traceId);

        // later, off the consumer thread: a run for this request and another one (its own trace)
        String other = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        AtomicReference<String> inRun = new AtomicReference<>();
        tracing.resume("unlearn m", List.of(stored, other), Map.of("deepunlearn.model", "m"),
                () -> {
                    inRun.set(Tracing.currentTraceparent());
                    return null;
                });
        assertThat(inRun.get()).contains(traceId);

        Map<String, SpanData> byName = new java.util.HashMap<>();
        spans.getFinishedSpanItems().forEach(s -> byName.put(s.getName(), s));
        SpanData produce = byName.get("publish " + topic);
        SpanData consume = byName.get("consume " + topic);
        SpanData run = byName.get("unlearn m");
        assertThat(produce.getKind()).isEqualTo(SpanKind.PRODUCER);
        assertThat(produce.getParentSpanId()).isEqualTo(intake.getSpanContext().getSpanId());
        assertThat(consume.getKind()).isEqualTo(SpanKind.CONSUMER);
        assertThat(consume.getParentSpanId()).isEqualTo(produce.getSpanId());
        assertThat(List.of(produce, consume, run)).allSatisfy(s -> assertThat(s.getTraceId()).isEqualTo(traceId));
        assertThat(run.getLinks()).singleElement()
                .satisfies(l -> assertThat(l.getSpanContext().getTraceId()).isEqualTo("0af7651916cd43dd8448eb211c80319c"));
        assertThat(Context.current()).isEqualTo(Context.root());
    }
}
