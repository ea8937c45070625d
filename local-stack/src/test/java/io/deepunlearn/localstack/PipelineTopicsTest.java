package io.deepunlearn.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepunlearn.pipeline.messaging.Topics;
import org.junit.jupiter.api.Test;

class PipelineTopicsTest {

    @Test
    void everyPipelineTopicAndTheConsumedTopicsDeadLettersAreCreated() {
        Topics t = Topics.defaults();
        var partitions = PipelineTopics.partitions(t);
        assertThat(partitions).containsKeys(t.all().toArray(String[]::new));
        assertThat(partitions).containsKeys("deepunlearn.forget.requested.dlq", "deepunlearn.training.requested.dlq",
                "deepunlearn.unlearning.completed.dlq", "deepunlearn.retrain.requested.dlq").hasSize(11);
        assertThat(partitions).containsEntry(t.forgetRequested(), PipelineTopics.FORGET_PARTITIONS)
                .containsEntry(t.requestStatus(), 1);
    }
}
