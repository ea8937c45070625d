package io.deepunlearn.pipeline.cdi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PipelineSettingsTest {

    @Test
    void appliesContractDefaultsAndOverrides() {
        Map<String, String> config = Map.of("deepunlearn.s3.endpoint", "http://minio:9000",
                "deepunlearn.s3.access-key", "ak", "deepunlearn.s3.secret-key", "sk",
                "deepunlearn.bucket.evidence", "audit-evidence", "deepunlearn.topics.forget-requested", " ",
                "kafka.bootstrap.servers", "kafka:9092");
        PipelineSettings s = PipelineSettings.from(k -> Optional.ofNullable(config.get(k)));
        assertThat(s.s3().region()).isEqualTo("us-east-1");
        assertThat(s.buckets().models()).isEqualTo("models");
        assertThat(s.buckets().evidence()).isEqualTo("audit-evidence");
        assertThat(s.topics().forgetRequested()).isEqualTo("deepunlearn.forget.requested"); // blank = default
        assertThat(s.topics().requestStatus()).isEqualTo("deepunlearn.request.status");
        assertThat(s.bootstrapServers()).isEqualTo("kafka:9092");
        assertThat(s.s3().toString()).doesNotContain("sk");
    }

    @Test
    void refusesToStartWithoutCredentials() {
        assertThatThrownBy(() -> PipelineSettings.from(k -> k.equals("deepunlearn.s3.endpoint")
                ? Optional.of("http://x") : Optional.empty()))
                .hasMessageContaining("DEEPUNLEARN_S3_ACCESS_KEY");
    }
}
