package io.deepunlearn.unlearner.messaging;

import io.deepunlearn.pipeline.lifecycle.ModelOwnership;
import io.deepunlearn.unlearner.service.RunQueue;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Keeps {@link ModelOwnership} in step with the forget topic's partition assignment. On revocation no new run
 * starts for the revoked models, and the one in progress gets {@code deepunlearn.lifecycle.revoke-wait} to
 * finish; past that it is abandoned (the version fence keeps it from publishing over the new owner, and its
 * requests stay pending for the new owner's reconciler).
 */
@ApplicationScoped
@Identifier("forget-requests-rebalance")
public class ForgetRebalanceListener implements KafkaConsumerRebalanceListener {

    private static final Logger LOG = Logger.getLogger(ForgetRebalanceListener.class);

    @Inject
    ModelOwnership ownership;
    @Inject
    RunQueue queue;
    @ConfigProperty(name = "deepunlearn.lifecycle.revoke-wait", defaultValue = "PT20S")
    Duration revokeWait;

    private List<Integer> mine(Collection<TopicPartition> partitions) {
        return partitions.stream().filter(p -> p.topic().equals(ownership.topic())).map(TopicPartition::partition).toList();
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        ownership.assigned(mine(partitions));
        LOG.infof("owning forget partitions %s", ownership.assignedPartitions());
    }

    @Override
    public void onPartitionsRevoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        List<Integer> gone = mine(partitions);
        ownership.revoked(gone);
        if (!gone.isEmpty() && !queue.awaitRunOf(m -> ownership.in(m, gone), revokeWait)) {
            LOG.warnf("run of %s still in progress after %s: abandoned to the new owner", queue.running(), revokeWait);
        }
    }

    @Override
    public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        ownership.revoked(mine(partitions));
    }
}
