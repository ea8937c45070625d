package io.deepunlearn.core.method;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deepunlearn.core.model.Architectures;
import io.deepunlearn.core.model.ModelSpec;
import io.deepunlearn.core.model.Network;
import io.deepunlearn.core.model.Param;
import io.deepunlearn.core.train.ProgressListener;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class ResetNoiseInjectionTest {

    @Test
    void resNetScheduleTrainsNineNonBnKeysPlusAllBnKeysThenEverythingInTheFinePhase() {
        List<String> keys;
        try (Network resnet = Architectures.create(new ModelSpec("resnet18", 4, 3, 32),
                MethodFixture.shared().manager.newSubManager(), 0)) {
            keys = resnet.parameters().stream().map(Param::name).toList();
        }
        List<String> bn = keys.stream().filter(k -> k.contains("bn")).toList();
        assertThat(bn).hasSize(34).noneMatch(k -> k.contains("downsample"));
        // rho = 1: every selected non-bn key is a noise candidate, so the noised set is known exactly
        var schedule = new ResetNoiseInjection.KeySchedule(keys, 9, 4, 1, 1.0, new Random(0));
        Set<String> earlier = new HashSet<>();
        for (int ep = 0; ep < 9; ep++) {
            ResetNoiseInjection.EpochPlan plan = schedule.next(ep);
            if (ep >= 5) {
                assertThat(plan.fine()).isTrue();
                assertThat(plan.trainable()).containsExactlyInAnyOrderElementsOf(keys);
                assertThat(plan.noised()).isEmpty();
            } else {
                Set<String> chosen = new TreeSet<>(plan.trainable());
                chosen.removeAll(bn);
                assertThat(plan.fine()).isFalse();
                assertThat(chosen).hasSize(9);
                assertThat(plan.trainable()).containsAll(bn).hasSize(9 + 34);
                Set<String> expectedNoise = new TreeSet<>(chosen);
                expectedNoise.removeAll(earlier);
                List<String> expected = ep == 0 ? List.of() : new ArrayList<>(expectedNoise); // E_reset = 1
                assertThat(plan.noised()).containsExactlyElementsOf(expected);
            }
            earlier.addAll(plan.trainable());
        }
    }

    @Test
    void smallCnnHasFewerThanNineNonBnKeysSoAllTrainAndNoiseIsClamped() {
        List<String> keys = MethodFixture.shared().original.parameters().stream().map(Param::name).toList();
        var schedule = new ResetNoiseInjection.KeySchedule(keys, 3, 1, 0, 0.7, new Random(1));
        ResetNoiseInjection.EpochPlan first = schedule.next(0);
        // floor(0.7 * 9) = 6 candidates wanted, 5 exist: all five get noise in epoch 0 (E_reset = 0)
        assertThat(first.noised()).containsExactly("block1.conv.weight", "block2.conv.weight", "block3.conv.weight",
                "fc.bias", "fc.weight");
        assertThat(first.trainable()).containsExactlyInAnyOrderElementsOf(keys);
        assertThat(schedule.next(1).noised()).isEmpty(); // all were selected before
        assertThat(schedule.next(2).fine()).isTrue();
    }

    @Test
    void fineLearningRateIsPerFineEpochOrScalar() {
        List<Double> defaults = Methods.get("RNI").defaults().getDoubleList("fine_optimizer.learning_rate");
        assertThat(List.of(5, 6, 7, 8).stream().map(ep -> ResetNoiseInjection.fineLearningRate(defaults, ep, 9, 4)))
                .containsExactly(2e-4, 2e-4, 2e-4, 1e-3);
        assertThat(ResetNoiseInjection.fineLearningRate(List.of(0.05), 8, 9, 4)).isEqualTo(0.05);
        HyperParameters tooMany = Methods.get("RNI").defaults().with("num_fine_epochs", "7");
        assertThatThrownBy(() -> Methods.get("RNI").unlearn(MethodFixture.shared().context(), tooMany))
                .hasMessageContaining("has 6 entries but fine epoch 6 needs one");
    }

    @Test
    void resetsTheClassifierReportsValidationAccuracyPerEpochAndUnfreezesAtTheEnd() {
        MethodFixture f = MethodFixture.shared();
        List<String> messages = new ArrayList<>();
        UnlearningContext base = f.context();
        UnlearningContext ctx = new UnlearningContext(base.model(), base.data(), 0, new ProgressListener() {
            @Override
            public void step(long done, String message) {
                messages.add(message);
            }
        });
        TensorSnapshot before = TensorSnapshot.of(ctx.model());
        UnlearningMethod rni = Methods.get("rni");
        Network out = rni.unlearn(ctx, rni.defaults().with("num_epochs", "2").with("num_fine_epochs", "1")
                .with("batch_size", "256").with("fine_optimizer.learning_rate", "0.01"));
        assertThat(messages).hasSize(2).allMatch(msg -> msg.contains("val acc"));
        assertThat(before.changedIn(out)).contains("fc.weight", "fc.bias");
        assertThat(out.parameters()).allMatch(Param::trainable);
        out.close();
    }
}
