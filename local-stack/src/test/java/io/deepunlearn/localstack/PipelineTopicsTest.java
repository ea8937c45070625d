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
                "deepunlearn.unlearning.completed.dlq", "deepunlearn.retrain.requested.dlq",
                "deepunlearn.checkpoint.published.dlq").hasSize(12);
        assertThat(partitions).containsEntry(t.forgetRequested(), PipelineTopics.FORGET_PARTITIONS)
                .containsEntry(t.requestStatus(), 1);
    }

    @Test
    void everyTopicAServicePrincipalMayWriteOrReadIsCreatedUpFront() {
        // on the secured broker no service may create a topic: a dead letter to a missing topic would be lost
        Topics t = Topics.defaults();
        var partitions = PipelineTopics.partitions(t);
        io.deepunlearn.pipeline.security.KafkaAcls.plan(t).values().forEach(g -> {
            assertThat(partitions).as(g.principal() + " writes").containsKeys(g.writes().toArray(String[]::new));
            assertThat(partitions).as(g.principal() + " reads").containsKeys(g.reads().toArray(String[]::new));
        });
    }
}
