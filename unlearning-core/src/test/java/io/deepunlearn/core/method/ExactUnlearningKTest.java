package io.deepunlearn.core.method;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import io.deepunlearn.core.engine.Engines;
import io.deepunlearn.core.model.Architectures;
import io.deepunlearn.core.model.ModelSpec;
import io.deepunlearn.core.model.Network;
import io.deepunlearn.core.model.Param;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ExactUnlearningKTest {

    @Test
    void reinitialisesTheLastBlockAndClassifierWithTheReferenceInitialisers() {
        MethodFixture f = MethodFixture.shared();
        UnlearningMethod euk = Methods.get("euk");
        UnlearningContext ctx = f.context();
        TensorSnapshot before = TensorSnapshot.of(ctx.model());
        Network out = euk.unlearn(ctx, euk.defaults().with("num_epochs", "0"));

        assertThat(before.changedIn(out)).containsExactlyInAnyOrder(
                "block3.conv.weight", "block3.bn.weight", "block3.bn.bias", "fc.weight", "fc.bias");
        float[] conv = out.param("block3.conv.weight").value().toFloatArray();
        double kaimingUniformBound = Math.sqrt(6.0 / (128 * 9)); // fan_out = out channels x 3 x 3
        assertThat(FloatStats.maxAbs(conv)).isLessThanOrEqualTo(kaimingUniformBound);
        double uniformStd = kaimingUniformBound / Math.sqrt(3);
        assertThat(FloatStats.std(conv)).isBetween(0.9 * uniformStd, 1.1 * uniformStd);
        assertThat(out.param("block3.bn.weight").value().toFloatArray()).containsOnly(1f);
        assertThat(out.param("block3.bn.bias").value().toFloatArray()).containsOnly(0f);
        double xavierBound = Math.sqrt(6.0 / (128 + 4));
        assertThat(FloatStats.maxAbs(out.param("fc.weight").value().toFloatArray())).isLessThanOrEqualTo(xavierBound);
        assertThat(out.param("fc.bias").value().toFloatArray()).containsOnly(0f);
        out.close();
    }

    @Test
    void thenTrainsOnlyTheReinitialisedPartInEvalMode() {
        MethodFixture f = MethodFixture.shared();
        UnlearningMethod euk = Methods.get("EU-k");
        UnlearningContext ctx = f.context();
        TensorSnapshot before = TensorSnapshot.of(ctx.model());
        Network out = euk.unlearn(ctx, euk.defaults().with("num_epochs", "2").with("k", "2"));
        assertThat(before.changedIn(out))
                .allMatch(n -> n.startsWith("block2.") || n.startsWith("block3.") || n.startsWith("fc."))
                .noneMatch(n -> n.contains("running_"));
        out.close();
    }

    @Test
    void onTinyVitKeepsLayerNormsAndAttentionBiasesAsTheReferenceInitWeightsDoes() {
        try (NDManager m = Engines.pytorch().newBaseManager();
             Network vit = Architectures.create(new ModelSpec("tiny-vit", 4, 3, 32), m.newSubManager(), 0)) {
            // values no re-initialiser would produce, so "kept" cannot pass by coincidence
            for (Param p : vit.parameters()) {
                if (p.name().contains("norm.") || p.name().contains(".bn.") || p.name().endsWith("attention_biases")) {
                    p.set(m.full(p.shape(), 0.5f));
                }
            }
            TensorSnapshot before = TensorSnapshot.of(vit);
            ExactUnlearningK.reinitialise(NetworkParts.layersUnder(vit, NetworkParts.lastBlocksAndClassifier(vit, 1)));

            Set<String> changed = before.changedIn(vit);
            assertThat(changed).allMatch(n -> n.startsWith("layers.3.") || n.startsWith("head."))
                    .noneMatch(n -> n.contains("norm.") || n.endsWith("attention_biases") || n.contains("running_"))
                    .contains("layers.3.blocks.1.attn.qkv.weight", "layers.3.blocks.1.mlp.fc1.weight",
                            "layers.3.blocks.1.local_conv.c.weight", "layers.3.blocks.1.local_conv.bn.weight",
                            "head.weight");
            assertThat(vit.param("layers.3.blocks.1.local_conv.bn.weight").value().toFloatArray()).containsOnly(1f);
            assertThat(vit.param("layers.3.blocks.1.attn.norm.weight").value().toFloatArray()).containsOnly(0.5f);
            assertThat(vit.param("layers.3.blocks.1.mlp.norm.bias").value().toFloatArray()).containsOnly(0.5f);
            assertThat(vit.param("layers.3.blocks.1.attn.attention_biases").value().toFloatArray()).containsOnly(0.5f);
            double xavierBound = Math.sqrt(6.0 / (448 + 4 * 448));
            assertThat(FloatStats.maxAbs(vit.param("layers.3.blocks.1.mlp.fc1.weight").value().toFloatArray()))
                    .isLessThanOrEqualTo(xavierBound);
        }
    }
}
