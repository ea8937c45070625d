package io.deepunlearn.pipeline.tracing;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * W3C trace context across the pipeline's hops, on the OpenTelemetry API (the services hand in Quarkus's
 * {@code OpenTelemetry}; without one everything is a no-op). Three carriers keep one erasure in one trace:
 * Kafka headers ({@code traceparent}, written by {@code EventPublisher} in a PRODUCER span, read by
 * {@code RecordGuard} into a CONSUMER span), the request's durable record (the traceparent of its intake, so work
 * done later, off the consumer thread or after a restart, joins the trace: {@link #resume}) and the callback's
 * HTTP header. Sampling and export are the SDK's configuration (docs/api.md, "Tracing").
 */
public final class Tracing {

    public static final String TRACEPARENT = "traceparent";
    private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();
    private static final Tracing NOOP = new Tracing(OpenTelemetry.noop());

    private final Tracer tracer;

    public Tracing(OpenTelemetry otel) {
        this.tracer = otel.getTracer("io.deepunlearn.pipeline");
    }

    public static Tracing noop() {
        return NOOP;
    }

    /** The traceparent of the current span, or null when there is none. */
    public static String currentTraceparent() {
        Map<String, String> carrier = new HashMap<>();
        W3C.inject(Context.current(), carrier, MAP_SETTER);
        return carrier.get(TRACEPARENT);
    }

    /** Writes the current context into Kafka headers (replacing a traceparent the headers carried). */
    public static void inject(Headers headers) {
        headers.remove(TRACEPARENT);
        headers.remove("tracestate");
        W3C.inject(Context.current(), headers, HEADER_SETTER);
    }

    /** The context a Kafka record carries (the root context when none). */
    public static Context extract(Headers headers) {
        return headers == null ? Context.root() : W3C.extract(Context.root(), headers, HEADER_GETTER);
    }

    /** The context of a stored traceparent (the root context when null or invalid). */
    public static Context fromTraceparent(String traceparent) {
        return traceparent == null ? Context.root()
                : W3C.extract(Context.root(), Map.of(TRACEPARENT, traceparent), MAP_GETTER);
    }

    /** Runs {@code work} in a new span of {@code kind} under {@code parent}; failures are recorded and rethrown. */
    public <T> T inSpan(String name, SpanKind kind, Context parent, Map<String, String> attributes, Supplier<T> work) {
        var builder = tracer.spanBuilder(name).setSpanKind(kind).setParent(parent);
        attributes.forEach(builder::setAttribute);
        Span span = builder.startSpan();
        try (Scope ignored = span.makeCurrent()) {
            return work.get();
        } catch (RuntimeException | Error e) {
            span.recordException(e);
            span.setStatus(StatusCode.ERROR);
            throw e;
        } finally {
            span.end();
        }
    }

    /** {@link #inSpan} for work without a result. */
    public void inSpan(String name, SpanKind kind, Context parent, Map<String, String> attributes, Runnable work) {
        inSpan(name, kind, parent, attributes, () -> {
            work.run();
            return null;
        });
    }

    /**
     * Work done later for requests recorded earlier (a coalesced run, an audit, a retrain): a span under the trace
     * of the first request's intake ({@code traceparents.get(0)}); the others' traces are linked.
     */
    public <T> T resume(String name, List<String> traceparents, Map<String, String> attributes, Supplier<T> work) {
        Context parent = traceparents.isEmpty() ? Context.current() : fromTraceparent(traceparents.get(0));
        var builder = tracer.spanBuilder(name).setSpanKind(SpanKind.INTERNAL).setParent(parent);
        for (int i = 1; i < traceparents.size(); i++) {
            var linked = Span.fromContext(fromTraceparent(traceparents.get(i))).getSpanContext();
            if (linked.isValid()) {
                builder.addLink(linked);
            }
        }
        attributes.forEach(builder::setAttribute);
        Span span = builder.startSpan();
        try (Scope ignored = span.makeCurrent()) {
            return work.get();
        } catch (RuntimeException | Error e) {
            span.recordException(e);
            span.setStatus(StatusCode.ERROR);
            throw e;
        } finally {
            span.end();
        }
    }

    private static final TextMapSetter<Map<String, String>> MAP_SETTER = (carrier, key, value) -> carrier.put(key, value);

    private static final TextMapGetter<Map<String, String>> MAP_GETTER = new TextMapGetter<>() {
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    private static final TextMapSetter<Headers> HEADER_SETTER =
            (headers, key, value) -> headers.add(key, value.getBytes(StandardCharsets.UTF_8));

    private static final TextMapGetter<Headers> HEADER_GETTER = new TextMapGetter<>() {
        public Iterable<String> keys(Headers headers) {
            List<String> keys = new java.util.ArrayList<>();
            headers.forEach(h -> keys.add(h.key()));
            return keys;
        }

        public String get(Headers headers, String key) {
            Header h = headers == null ? null : headers.lastHeader(key);
            return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
        }
    };
}
