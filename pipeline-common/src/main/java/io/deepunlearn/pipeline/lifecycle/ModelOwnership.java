package io.deepunlearn.pipeline.lifecycle;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.function.ToIntFunction;
import org.apache.kafka.common.utils.Utils;

/**
 * Which models this replica owns: those whose key (the model id) maps, with Kafka's default partitioner
 * (murmur2), to a partition of {@code topic} assigned to this replica's consumer. A consumer group assigns each
 * partition to one member, so two replicas never own the same model; runs and re-drives happen only on the owner.
 * Updated from the channel's rebalance listener; owns nothing until the first assignment.
 */
public final class ModelOwnership {

    private final String topic;
    private final ToIntFunction<String> partitionCount;
    private volatile Set<Integer> assigned = Set.of();
    private volatile int partitions = -1;

    /** {@code partitionCount} answers the topic's number of partitions (e.g. the producer's metadata). */
    public ModelOwnership(String topic, ToIntFunction<String> partitionCount) {
        this.topic = topic;
        this.partitionCount = partitionCount;
    }

    public String topic() {
        return topic;
    }

    /** Kafka's default partition of a key: murmur2 of the UTF-8 bytes, positive, modulo the partition count. */
    public static int partitionOf(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    public synchronized void assigned(Collection<Integer> added) {
        Set<Integer> next = new HashSet<>(assigned);
        next.addAll(added);
        assigned = Set.copyOf(next);
        partitions = -1; // re-read: partitions may have been added
    }

    public synchronized void revoked(Collection<Integer> removed) {
        Set<Integer> next = new HashSet<>(assigned);
        next.removeAll(removed);
        assigned = Set.copyOf(next);
    }

    public Set<Integer> assignedPartitions() {
        return assigned;
    }

    /** True when this replica is assigned the partition of {@code modelId}. */
    public boolean owns(String modelId) {
        Set<Integer> a = assigned;
        if (a.isEmpty()) {
            return false;
        }
        int n = partitions;
        if (n <= 0) {
            n = partitionCount.applyAsInt(topic);
            partitions = n;
        }
        return n > 0 && a.contains(partitionOf(modelId, n));
    }

    /** True when {@code modelId} is in one of {@code partitionsGone} (for a revocation). */
    public boolean in(String modelId, Collection<Integer> partitionsGone) {
        int n = partitions > 0 ? partitions : partitionCount.applyAsInt(topic);
        return n > 0 && partitionsGone.contains(partitionOf(modelId, n));
    }
}
