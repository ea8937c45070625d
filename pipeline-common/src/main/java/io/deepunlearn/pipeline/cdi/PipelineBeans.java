package io.deepunlearn.pipeline.cdi;

import io.deepunlearn.pipeline.callback.CallbackSettings;
import io.deepunlearn.pipeline.callback.CallbackStore;
import io.deepunlearn.pipeline.datasets.S3DatasetFactory;
import io.deepunlearn.pipeline.datasets.UploadedDatasets;
import io.deepunlearn.pipeline.subjects.SubjectDirectory;
import io.deepunlearn.pipeline.subjects.SubjectMappingStore;
import io.deepunlearn.pipeline.subjects.SubjectPseudonymizer;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import java.nio.file.Path;

import io.deepunlearn.pipeline.lifecycle.LifecycleSettings;
import io.deepunlearn.pipeline.lifecycle.RequestLifecycle;
import io.deepunlearn.pipeline.messaging.EventPublisher;
import io.deepunlearn.pipeline.messaging.RecordGuard;
import io.deepunlearn.pipeline.messaging.Topics;
import io.deepunlearn.pipeline.security.KafkaClientSecurity;
import io.deepunlearn.pipeline.security.Pseudonymizer;
import io.deepunlearn.pipeline.security.RequestAccess;
import io.deepunlearn.pipeline.security.SecuritySettings;
import io.deepunlearn.pipeline.storage.CheckpointStore;
import io.deepunlearn.pipeline.storage.EvidenceStore;
import io.deepunlearn.pipeline.storage.ManifestStore;
import io.deepunlearn.pipeline.storage.ObjectStore;
import io.deepunlearn.pipeline.storage.RequestStore;
import io.deepunlearn.pipeline.storage.TombstoneStore;
import java.time.Clock;
import io.deepunlearn.pipeline.storage.ShadowStore;
import io.deepunlearn.pipeline.tracing.Tracing;
import io.opentelemetry.api.OpenTelemetry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * CDI producers for what every service uses: settings, the object store (buckets are created on first use),
 * the stores, the event publisher and the request lifecycle. Plain CDI, so this module stays free of Quarkus.
 */
@ApplicationScoped
public class PipelineBeans {

    @Produces
    @Singleton
    PipelineSettings settings() {
        var config = ConfigProvider.getConfig();
        return PipelineSettings.from(key -> config.getOptionalValue(key, String.class));
    }

    /** Signing key and trusted keys (see {@link SecuritySettings} for the configuration keys). */
    @Produces
    @Singleton
    SecuritySettings security() {
        var config = ConfigProvider.getConfig();
        return SecuritySettings.from(key -> config.getOptionalValue(key, String.class));
    }

    /**
     * Created only where injected (the unlearner and auditor, and the trainer's subject mappings: it is also the
     * {@link SubjectPseudonymizer} bean); fails at start-up there when no pepper is configured.
     */
    @Produces
    @Singleton
    Pseudonymizer pseudonymizer() {
        var config = ConfigProvider.getConfig();
        return Pseudonymizer.fromConfig(key -> config.getOptionalValue(key, String.class));
    }

    @Produces
    @Singleton
    Topics topics(PipelineSettings settings) {
        return settings.topics();
    }

    @Produces
    @Singleton
    ObjectStore objectStore(PipelineSettings settings) {
        ObjectStore store = new ObjectStore(settings.s3());
        settings.buckets().ensure(store);
        return store;
    }

    void close(@Disposes ObjectStore store) {
        store.close();
    }

    @Produces
    @Singleton
    CheckpointStore checkpoints(ObjectStore store, PipelineSettings settings, SecuritySettings security) {
        return new CheckpointStore(store, settings.buckets().models(), security);
    }

    /** U-LiRA's shadow models: in the models bucket under {@code shadows/}, apart from the models. */
    @Produces
    @Singleton
    ShadowStore shadows(ObjectStore store, PipelineSettings settings, SecuritySettings security) {
        return new ShadowStore(store, settings.buckets().models(), security);
    }

    @Produces
    @Singleton
    ManifestStore manifests(ObjectStore store, PipelineSettings settings) {
        return new ManifestStore(store, settings.buckets().datasets());
    }

    @Produces
    @Singleton
    RequestStore requests(ObjectStore store, PipelineSettings settings) {
        return new RequestStore(store, settings.buckets().models());
    }

    /** Request owners and capabilities, beside the request records. */
    @Produces
    @Singleton
    RequestAccess access(ObjectStore store, PipelineSettings settings) {
        return new RequestAccess(store, settings.buckets().models());
    }

    @Produces
    @Singleton
    EvidenceStore evidence(ObjectStore store, PipelineSettings settings, SecuritySettings security) {
        return new EvidenceStore(store, settings.buckets().evidence(), security);
    }

    /** Trace context across hops: the service's OpenTelemetry (quarkus-opentelemetry) where there is one. */
    @Produces
    @Singleton
    Tracing tracing(Instance<OpenTelemetry> otel) {
        return otel.isResolvable() ? new Tracing(otel.get()) : Tracing.noop();
    }

    /** Authenticates as the service's Kafka principal ({@code kafka.security.protocol}, {@code kafka.sasl.*}). */
    @Produces
    @Singleton
    EventPublisher publisher(PipelineSettings settings, Tracing tracing) {
        var config = ConfigProvider.getConfig();
        return new EventPublisher(settings.bootstrapServers(), settings.source(), settings.sendTimeout(), tracing,
                KafkaClientSecurity.from(key -> config.getOptionalValue(key, String.class)));
    }

    /** The per-record catch-all of every consumer (dead letters vs. retries). */
    @Produces
    @Singleton
    RecordGuard guard(EventPublisher publisher, PipelineSettings settings) {
        return new RecordGuard(publisher, settings.maxRecordBytes());
    }

    @Produces
    @Singleton
    TombstoneStore tombstones(ObjectStore store, PipelineSettings settings) {
        return new TombstoneStore(store, settings.buckets().datasets());
    }

    @Produces
    @Singleton
    LifecycleSettings lifecycleSettings(PipelineSettings settings) {
        return settings.lifecycle();
    }

    /** Callback URL policy and delivery timing ({@code deepunlearn.callbacks.*}). */
    @Produces
    @Singleton
    CallbackSettings callbackSettings() {
        var config = ConfigProvider.getConfig();
        return CallbackSettings.from(key -> config.getOptionalValue(key, String.class));
    }

    /** Callback deliveries (outbox and final states), in the models bucket beside the request records. */
    @Produces
    @Singleton
    CallbackStore callbacks(ObjectStore store, PipelineSettings settings) {
        return new CallbackStore(store, settings.buckets().models());
    }

    /** The single writer of request records and the status topic, shared by every service. */
    @Produces
    @Singleton
    RequestLifecycle lifecycle(RequestStore requests, TombstoneStore tombstones, EventPublisher publisher,
                               PipelineSettings settings, CallbackStore callbacks) {
        return new RequestLifecycle(requests, tombstones,
                RequestLifecycle.statusTopic(publisher, settings.topics().requestStatus()), settings.lifecycle(),
                Clock.systemUTC(), callbacks, Tracing::currentTraceparent);
    }

    /**
     * Users' datasets in the object store ({@code s3:NAME}); the local copies the services load are kept under
     * {@code deepunlearn.datasets.cache-dir} (DEEPUNLEARN_DATASETS_CACHE_DIR; default: a folder in the temp dir).
     */
    @Produces
    @Singleton
    UploadedDatasets uploadedDatasets(ObjectStore store, PipelineSettings settings) {
        Path cache = ConfigProvider.getConfig().getOptionalValue("deepunlearn.datasets.cache-dir", String.class)
                .map(Path::of).orElse(Path.of(System.getProperty("java.io.tmpdir"), "deepunlearn-datasets"));
        return new UploadedDatasets(store, settings.buckets().datasets(), cache);
    }

    /** At start: {@code s3:} dataset names resolve through this service's object store wherever a dataset is loaded. */
    void connectDatasets(@Observes @Initialized(ApplicationScoped.class) Object started, UploadedDatasets datasets) {
        S3DatasetFactory.use(datasets);
    }

    /** Imported subject mappings (pseudonyms only), beside the dataset manifests. */
    @Produces
    @Singleton
    SubjectMappingStore subjectMappings(ObjectStore store, PipelineSettings settings) {
        return new SubjectMappingStore(store, settings.buckets().datasets());
    }

    @Produces
    @Singleton
    SubjectDirectory subjectDirectory(SubjectMappingStore mappings, SubjectPseudonymizer pseudonyms) {
        return new SubjectDirectory(mappings, pseudonyms);
    }

    void close(@Disposes EventPublisher publisher) {
        publisher.close();
    }
}
