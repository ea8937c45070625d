package io.deepunlearn.trainer.config;

import io.deepunlearn.pipeline.lifecycle.ModelOwnership;
import io.deepunlearn.trainer.service.JobStore;
import io.deepunlearn.trainer.service.TrainingService;
import java.util.Collection;
import org.apache.kafka.common.TopicPartition;

/**
 * The trainer owns a training job's model by the training topic's assignment, and a retrain's (and a RETRAINING
 * request's) by the retrain topic's: the replica that would consume the job's record is the one that re-runs it.
 */
public class TrainerOwnership {

    private final ModelOwnership training;
    private final ModelOwnership retrain;

    public TrainerOwnership(ModelOwnership training, ModelOwnership retrain) {
        this.training = training;
        this.retrain = retrain;
    }

    public void assigned(Collection<TopicPartition> partitions) {
        training.assigned(of(partitions, training.topic()));
        retrain.assigned(of(partitions, retrain.topic()));
    }

    public void revoked(Collection<TopicPartition> partitions) {
        training.revoked(of(partitions, training.topic()));
        retrain.revoked(of(partitions, retrain.topic()));
    }

    private static java.util.List<Integer> of(Collection<TopicPartition> partitions, String topic) {
        return partitions.stream().filter(p -> p.topic().equals(topic)).map(TopicPartition::partition).toList();
    }

    public boolean ownsJob(JobStore.Job job) {
        return TrainingService.RETRAIN.equals(job.kind()) ? retrain.owns(job.modelId()) : training.owns(job.modelId());
    }

    public boolean ownsRetrainOf(String modelId) {
        return retrain.owns(modelId);
    }
}
