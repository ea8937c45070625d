package io.deepunlearn.localstack;

import io.deepunlearn.infra.EmbeddedKafka;
import io.deepunlearn.pipeline.messaging.Topics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The pipeline's topics on the local broker, named by pipeline-common's {@link Topics}: every topic, the dead
 * letters of the five consumed ones, the status topic compacted (key = request id). All are created up front: on
 * the secured broker no service principal may create a topic (a dead letter to a missing topic would fail).
 */
public final class PipelineTopics {

    /** Partitions of the forget topic: caps the number of concurrent unlearner workers. */
    public static final int FORGET_PARTITIONS = 3;

    private PipelineTopics() {
    }

    /** Topic name to partition count, in creation order. */
    static Map<String, Integer> partitions(Topics t) {
        Map<String, Integer> partitions = new LinkedHashMap<>();
        t.all().forEach(name -> partitions.put(name, name.equals(t.forgetRequested()) ? FORGET_PARTITIONS : 1));
        List.of(t.forgetRequested(), t.trainingRequested(), t.unlearningCompleted(), t.retrainRequested(), t.checkpointPublished())
                .forEach(name -> partitions.put(Topics.deadLetter(name), 1));
        return partitions;
    }

    /** Creates the missing topics of {@code t} on {@code kafka}. */
    public static void create(EmbeddedKafka kafka, Topics t) {
        kafka.createTopics(partitions(t), Set.of(t.requestStatus()));
    }
}
