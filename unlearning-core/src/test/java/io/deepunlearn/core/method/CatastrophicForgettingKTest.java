package io.deepunlearn.core.method;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.deepunlearn.core.model.Network;
import io.deepunlearn.core.model.Param;
import java.util.List;
import org.junit.jupiter.api.Test;

class CatastrophicForgettingKTest {

    @Test
    void trainsOnlyTheLastKBlocksAndTheClassifierWithFrozenBatchNormStatistics() {
        MethodFixture f = MethodFixture.shared();
        UnlearningMethod cfk = Methods.get("cf-k");
        UnlearningContext ctx = f.context();
        TensorSnapshot before = TensorSnapshot.of(ctx.model());
        Network out = cfk.unlearn(ctx, cfk.defaults().with("num_epochs", "1").with("optimizer.learning_rate", "0.05"));
        // k = 1 on small-cnn: block3 (conv + BN affine) and fc train; block1, block2 and every running stat stay
        assertThat(before.changedIn(out)).containsExactlyInAnyOrder(
                "block3.conv.weight", "block3.bn.weight", "block3.bn.bias", "fc.weight", "fc.bias");
        assertThat(out.parameters()).allMatch(Param::trainable);
        out.close();
    }

    @Test
    void kSelectsTheLastBlocksAndSaturatesAtAllBlocks() {
        Network net = MethodFixture.shared().original;
        assertThat(NetworkParts.lastBlocks(net, 2)).containsExactly("block2", "block3");
        assertThat(NetworkParts.lastBlocksAndClassifier(net, 10)).containsExactly("block1", "block2", "block3", "fc");
        assertThatThrownBy(() -> Methods.get("CF-k").unlearn(MethodFixture.shared().context(),
                Methods.get("CF-k").defaults().with("k", "0"))).hasMessageContaining("CF-k.k must be >= 1");
    }

    @Test
    void proximalTermIsTheSquaredDistanceToTheStartingWeights() {
        MethodFixture f = MethodFixture.shared();
        try (NDManager m = f.manager.newSubManager(); Network net = f.original.copy()) {
            Param fc = net.param("fc.bias");
            NDArray anchor = m.create(new float[] {1, 2, 3, 4});
            fc.set(m.create(new float[] {1, 0, 3, 7}));
            // (0)^2 + (-2)^2 + 0 + 3^2 = 13
            assertThat(LastBlocksFinetuning.proximal(List.of(fc), List.of(anchor), m).getFloat()).isEqualTo(13f);
        }
    }
}
