package io.deepunlearn.core.method;

import io.deepunlearn.core.engine.Scalars;
import ai.djl.ndarray.NDArray;
import io.deepunlearn.core.data.Loader;
import io.deepunlearn.core.data.TensorDataset;
import io.deepunlearn.core.metric.Evaluator;
import io.deepunlearn.core.model.Network;
import io.deepunlearn.core.train.Losses;
import io.deepunlearn.core.train.LrSchedules;
import io.deepunlearn.core.train.Sgd;
import io.deepunlearn.core.train.Trainer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * SCRUB (docs/reference.md#scrub, {@code scrubv2.py} + repdistiller {@code train_distill}, Kurmanji et al. 2023): a student
 * (train mode, SGD) is distilled from the frozen original (eval mode) for E = {@code sgda_num_epochs} epochs,
 * lr * 0.1^{#{m : e > m}} with milestones floor(0.5E), floor(0.8E), floor(0.9E) (e = 1..E). Epoch e: if e <=
 * {@code msteps}, one max pass over D_f (unshuffled, {@code forget_batch_size}) with loss -KL_T; then one min pass
 * over D_r (shuffled, {@code retain_batch_size}) with gamma*CE + alpha*KL_T, where KL_T(s, t) =
 * KL(softmax(t/T) || softmax(s/T)) * T^2 / batch; then the student is checkpointed.
 * <p>
 * Checkpoint selection uses D_val: the forget error (100 - forget accuracy, eval mode) is recorded before every
 * epoch and at the end (E + 1 values), the forget-validation error (D_val samples of classes present in D_f) at
 * the end, and i* = argmin_i |forgetErr_i - forgetValErr_final| (first minimum) picks the state after epoch i*.
 * <p>
 * Deviations and parity switches: for i* = 0 the reference keeps the final model although it means the original
 * one; by default the original weights are returned, {@code reference_checkpoint_quirk = true} restores the
 * quirk. Checkpoints go to temporary files when {@code checkpoint_each_epoch} (default true: the reference writes
 * them inside the timed call), else they stay in memory. Only the errors the selection uses are evaluated (the
 * reference also evaluates D_r and D_val every epoch, costing time but not changing the result). {@code beta}
 * (its term is always 0 in the "kd" branch) and {@code smoothing} (its distance is taken to the student itself)
 * are searched but have no effect, as in the reference.
 */
public final class Scrub implements UnlearningMethod {

    private static final double LR_DECAY = 0.1;

    /** What a run chose: the unlearned network, the E + 1 forget errors, the final forget-val error, i*. */
    record Run(Network model, double[] forgetErrors, double forgetValError, int selected) {
    }

    @Override
    public String name() {
        return "SCRUB";
    }

    @Override
    public String referenceKey() {
        return "scrubv2";
    }

    @Override
    public HyperParameters defaults() {
        return HyperParameters.builder(name())
                .put("optimizer.learning_rate", 5e-4)
                .put("optimizer.momentum", 0.9)
                .put("optimizer.weight_decay", 5e-4)
                .put("gamma", 1.0)
                .put("alpha", 0.5)
                .put("beta", 0.0)
                .put("smoothing", 0.5)
                .put("msteps", 3)
                .put("sgda_num_epochs", 5)
                .put("kd_T", 2.0)
                .put("retain_batch_size", 32)
                .put("forget_batch_size", 64)
                .put("checkpoint_each_epoch", true)
                .put("reference_checkpoint_quirk", false)
                .build();
    }

    @Override
    public SearchSpace searchSpace(int maxEpochs) {
        int e = Math.max(1, maxEpochs);
        return new SearchSpace()
                .uniform("gamma", 0, 1)
                .uniform("alpha", 0, 1)
                .uniform("beta", 0, 1)
                .uniform("smoothing", 0, 1)
                .integer("msteps", 1, e)
                .integer("sgda_num_epochs", 1, e)
                .uniform("kd_T", 0, 5)
                .logUniform("optimizer.learning_rate", 1e-5, 1e-1)
                .fixed("optimizer.momentum", 0.9)
                .logUniform("optimizer.weight_decay", 1e-5, 1e-1)
                .categorical("retain_batch_size", 64, 128, 256)
                .categorical("forget_batch_size", 64, 128, 256);
    }

    @Override
    public Network unlearn(UnlearningContext ctx, HyperParameters hp) {
        return run(ctx, hp).model();
    }

    Run run(UnlearningContext ctx, HyperParameters hp) {
        Network student = ctx.model();
        double temperature = HpChecks.positive(hp, "kd_T");
        double gamma = hp.getDouble("gamma");
        double alpha = hp.getDouble("alpha");
        int epochs = HpChecks.atLeast(hp, "sgda_num_epochs", 0);
        int maxSteps = hp.getInt("msteps");
        double lr = hp.getDouble("optimizer.learning_rate");
        TensorDataset forgetSet = HpChecks.nonEmpty(ctx.data().forget(), "forget", name());
        TensorDataset forgetVal = HpChecks.nonEmpty(forgetValidation(ctx.data().val(), forgetSet),
                "forget-validation (D_val samples of the forget classes)", name());
        Loader retain = new Loader(ctx.data().retain(), hp.getInt("retain_batch_size"), true, false, ctx.seed());
        Loader forget = new Loader(forgetSet, hp.getInt("forget_batch_size"), false, false, ctx.seed());
        Sgd sgd = Optimizers.sgd(student.parameters(), hp);
        int[] milestones = LrSchedules.scrubMilestones(epochs);
        double[] forgetErrors = new double[epochs + 1];
        try (Network teacher = Teachers.frozenCopy(student);
             EpochCheckpoints checkpoints = EpochCheckpoints.create(hp.getBoolean("checkpoint_each_epoch"), name())) {
            for (int e = 1; e <= epochs; e++) {
                sgd.setLearningRate(LrSchedules.multiStep(lr, e, milestones, LR_DECAY));
                forgetErrors[e - 1] = errorPercent(student, forgetSet);
                if (e <= maxSteps) {
                    Trainer.epoch(student, forget, e, sgd,
                            b -> distill(student.forward(b.x(), true), teacher.forward(b.x(), false), temperature).neg());
                }
                Trainer.epoch(student, retain, e, sgd, b -> {
                    NDArray logits = student.forward(b.x(), true);
                    NDArray ce = Scalars.mul(Losses.crossEntropy(logits, b.y()), gamma);
                    return ce.add(Scalars.mul(distill(logits, teacher.forward(b.x(), false), temperature), alpha));
                });
                checkpoints.save(student, e);
            }
            forgetErrors[epochs] = errorPercent(student, forgetSet);
            double forgetValError = errorPercent(student, forgetVal);
            int selected = select(forgetErrors, forgetValError);
            int restore = stateToRestore(selected, epochs, hp.getBoolean("reference_checkpoint_quirk"));
            if (restore == 0) {
                student.copyFrom(teacher);
            } else if (restore < epochs) {
                checkpoints.restore(restore, student);
            }
            return new Run(student, forgetErrors, forgetValError, selected);
        }
    }

    /** KL_T(student || teacher) = KL(softmax(t/T) || softmax(s/T)) * T^2 / batch (repdistiller DistillKL). */
    static NDArray distill(NDArray studentLogits, NDArray teacherLogits, double temperature) {
        return Scalars.mul(Losses.klDivBatchMean(Scalars.div(studentLogits, temperature).logSoftmax(1),
                teacherLogits.div((float) temperature).softmax(1)), temperature * temperature);
    }

    /** i* = argmin_i |forgetErrors[i] - forgetValError|, the first index on ties (Python's min). */
    static int select(double[] forgetErrors, double forgetValError) {
        int best = 0;
        for (int i = 1; i < forgetErrors.length; i++) {
            if (Math.abs(forgetErrors[i] - forgetValError) < Math.abs(forgetErrors[best] - forgetValError)) {
                best = i;
            }
        }
        return best;
    }

    /**
     * The state to return for i*: 0 = the original weights, {@code epochs} = the final student, else the
     * checkpoint after that epoch. The reference quirk maps i* = 0 to the final student.
     */
    static int stateToRestore(int selected, int epochs, boolean referenceQuirk) {
        return selected == 0 && referenceQuirk ? epochs : selected;
    }

    /** D_val samples whose class appears in D_f (all of D_val for random forgetting). */
    static TensorDataset forgetValidation(TensorDataset val, TensorDataset forget) {
        if (val == null) {
            return null;
        }
        Set<Integer> classes = new HashSet<>();
        for (int i = 0; i < forget.size(); i++) {
            classes.add(forget.label(i));
        }
        List<Integer> keep = new ArrayList<>();
        for (int i = 0; i < val.size(); i++) {
            if (classes.contains(val.label(i))) {
                keep.add(i);
            }
        }
        return keep.size() == val.size() ? val : val.subset(keep.stream().mapToInt(Integer::intValue).toArray());
    }

    private static double errorPercent(Network net, TensorDataset data) {
        return 100 - 100 * Evaluator.accuracy(net, data);
    }
}
