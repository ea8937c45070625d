package io.deepunlearn.auditor.messaging;

import io.deepunlearn.pipeline.lifecycle.ModelOwnership;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Collection;
import java.util.List;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

/** Auditor model ownership = assignment of the unlearning-completed topic's partitions (re-drives only for those). */
@ApplicationScoped
@Identifier("audit-rebalance")
public class AuditRebalanceListener implements KafkaConsumerRebalanceListener {

    @Inject
    ModelOwnership ownership;

    private List<Integer> mine(Collection<TopicPartition> partitions) {
        return partitions.stream().filter(p -> p.topic().equals(ownership.topic())).map(TopicPartition::partition).toList();
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        ownership.assigned(mine(partitions));
    }

    @Override
    public void onPartitionsRevoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        ownership.revoked(mine(partitions));
    }

    @Override
    public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        ownership.revoked(mine(partitions));
    }
}
