package io.deepunlearn.core.method;

import io.deepunlearn.core.engine.Scalars;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.deepunlearn.core.data.Batch;
import io.deepunlearn.core.data.Loader;
import io.deepunlearn.core.data.TensorDataset;
import io.deepunlearn.core.model.Architectures;
import io.deepunlearn.core.model.ModelSpec;
import io.deepunlearn.core.model.Network;
import io.deepunlearn.core.train.Adam;
import io.deepunlearn.core.train.Losses;
import io.deepunlearn.core.train.Trainer;

/**
 * BT, Bad Teacher (docs/reference.md#bt, {@code bad_teacher.py}, Chundawat et al. 2023): the student (train mode) learns
 * from D_r and D_f shuffled together; its target on a forget sample is the incompetent teacher's
 * softmax(T_i(x)/tau), on a retain sample the competent teacher's softmax(T_c(x)/tau) (T_c = frozen copy of the
 * original; both teachers in eval mode). Loss = F.kl_div(log_softmax(f(x)/tau), q) at 'mean' reduction (over
 * batch x classes, no tau^2 factor). Adam (lr, wd from the generic keys; {@code optimizer.momentum} is ignored).
 * <p>
 * Deviation: the reference's incompetent teacher is always a randomly initialised torchvision ResNet-18, whatever
 * the student. That is costly on CPU, so by default T_i is a randomly initialised network of the student's own
 * architecture; {@code resnet_teacher = true} restores the reference's ResNet-18. T_i is drawn from the model seed
 * plus {@link #TEACHER_SEED_OFFSET}, so it is reproducible and not the student's own initialisation.
 * With {@code checkpoint_each_epoch} (default true, parity) the student is written to a temporary file after each
 * epoch, as the reference does inside the timed call; the files are deleted afterwards.
 */
public final class BadTeacher implements UnlearningMethod {

    static final int TEACHER_SEED_OFFSET = 7919;

    @Override
    public String name() {
        return "BT";
    }

    @Override
    public String referenceKey() {
        return "bad_teacher";
    }

    @Override
    public HyperParameters defaults() {
        return HyperParameters.builder(name()).sgd(0.01, 0.9, 0.0, 256, 10)
                .put("kl_temperature", 1.0)
                .put("resnet_teacher", false)
                .put("checkpoint_each_epoch", true)
                .build();
    }

    @Override
    public SearchSpace searchSpace(int maxEpochs) {
        return SearchSpace.generic(maxEpochs).uniform("kl_temperature", 0, 5);
    }

    @Override
    public Network unlearn(UnlearningContext ctx, HyperParameters hp) {
        Network student = ctx.model();
        double tau = HpChecks.positive(hp, "kl_temperature");
        TensorDataset forget = HpChecks.nonEmpty(ctx.data().forget(), "forget", name());
        TensorDataset combined = forget.concat(ctx.data().retain());
        int forgetSize = forget.size();
        Loader loader = new Loader(combined, hp.getInt("batch_size"), true, false, ctx.seed());
        Adam adam = Optimizers.adam(student.parameters(), hp);
        int epochs = hp.getInt("num_epochs");
        boolean persist = hp.getBoolean("checkpoint_each_epoch");
        try (Network competent = Teachers.frozenCopy(student);
             Network incompetent = incompetentTeacher(student, hp.getBoolean("resnet_teacher"), ctx.seed());
             EpochCheckpoints checkpoints = EpochCheckpoints.create(persist, name())) {
            for (int e = 0; e < epochs; e++) {
                Trainer.epoch(student, loader, e, adam, b -> {
                    NDArray q = teacherTarget(incompetent.forward(b.x(), false), competent.forward(b.x(), false),
                            forgetFlags(b, forgetSize), tau);
                    return Losses.klDivMean(Scalars.div(student.forward(b.x(), true), tau).logSoftmax(1), q);
                });
                if (persist) {
                    checkpoints.save(student, e + 1);
                }
            }
        }
        return student;
    }

    /** A frozen, randomly initialised teacher: the student's architecture, or ResNet-18 when {@code resnet}. */
    static Network incompetentTeacher(Network student, boolean resnet, int seed) {
        ModelSpec s = student.spec();
        ModelSpec spec = resnet ? new ModelSpec("resnet18", s.numClasses(), s.channels(), s.imageSize()) : s;
        NDManager manager = student.manager().getParentManager().newSubManager();
        Network t = Architectures.create(spec, manager, seed + TEACHER_SEED_OFFSET);
        t.setAllTrainable(false);
        return t;
    }

    /** o = 1 for samples at combined positions below {@code forgetSize} (D_f first), else 0; shape (B, 1). */
    static NDArray forgetFlags(Batch b, int forgetSize) {
        float[] o = new float[b.size()];
        for (int k = 0; k < o.length; k++) {
            o[k] = b.positions()[k] < forgetSize ? 1f : 0f;
        }
        return b.x().getManager().create(o, new Shape(o.length, 1));
    }

    /** q = o * softmax(T_i / tau) + (1 - o) * softmax(T_c / tau), per row. */
    static NDArray teacherTarget(NDArray incompetentLogits, NDArray competentLogits, NDArray forgetFlags, double tau) {
        NDArray bad = incompetentLogits.div((float) tau).softmax(1);
        NDArray good = competentLogits.div((float) tau).softmax(1);
        return bad.mul(forgetFlags).add(good.mul(forgetFlags.neg().add(1)));
    }
}
