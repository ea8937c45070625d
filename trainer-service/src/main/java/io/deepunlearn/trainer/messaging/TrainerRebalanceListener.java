package io.deepunlearn.trainer.messaging;

import io.deepunlearn.trainer.config.TrainerOwnership;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Collection;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

/** Keeps the trainer's model ownership in step with its channels' partition assignments (both topics). */
@ApplicationScoped
@Identifier("trainer-rebalance")
public class TrainerRebalanceListener implements KafkaConsumerRebalanceListener {

    @Inject
    TrainerOwnership ownership;

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        ownership.assigned(partitions);
    }

    @Override
    public void onPartitionsRevoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        ownership.revoked(partitions);
    }

    @Override
    public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        ownership.revoked(partitions);
    }
}
