package io.deepunlearn.core.method;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Names, reference keys, defaults and search spaces of the group-B methods as the reference gives them (docs/reference.md#methods). */
class GroupBRegistryTest {

    private static final List<String> NAMES = List.of("CF-k", "EU-k", "FCS", "MSG", "CFW", "PRMQ", "CT", "KDE", "RNI");
    private static final List<String> KEYS = List.of("cfk", "euk", "kgltop1", "kgltop2", "kgltop3", "kgltop4",
            "kgltop5", "kgltop6", "kgltop7");

    @Test
    void registeredInSpecOrderUnderTheirShortNamesAndReferenceKeys() {
        List<String> names = Methods.names();
        assertThat(names).containsSubsequence(NAMES);
        assertThat(names.subList(names.size() - NAMES.size(), names.size())).isEqualTo(NAMES);
        for (int i = 0; i < NAMES.size(); i++) {
            assertThat(Methods.get(KEYS.get(i)).name()).isEqualTo(NAMES.get(i));
        }
    }

    @Test
    void everySearchedHyperparameterIsADefaultAndAcceptsItsRange() {
        for (String name : NAMES) {
            UnlearningMethod m = Methods.get(name);
            HyperParameters d = m.defaults();
            for (SearchSpace.Dimension dim : m.searchSpace(10).dimensions()) {
                assertThat(d.has(dim.name())).as(name + " searches " + dim.name()).isTrue();
                double sample = dim.kind() == SearchSpace.Kind.CATEGORICAL ? dim.choices().get(0) : dim.high();
                HyperParameters tuned = d.with(dim.name(), sample);
                // a tuned list-valued HP (RNI's fine lr) becomes a single value
                double read = d.asMap().get(dim.name()) instanceof List
                        ? tuned.getDoubleList(dim.name()).get(0) : tuned.getDouble(dim.name());
                assertThat(read).as(name + "." + dim.name()).isEqualTo(sample);
            }
        }
    }

    @Test
    void defaultsMatchTheSpec() {
        HyperParameters cfk = Methods.get("CF-k").defaults();
        assertThat(List.of(cfk.getInt("k"), cfk.getInt("num_epochs"), cfk.getInt("batch_size")))
                .containsExactly(1, 10, 256);
        assertThat(List.of(cfk.getDouble("optimizer.learning_rate"), cfk.getDouble("sgda_weight_decay"),
                cfk.getDouble("sgda_decay_rate"))).containsExactly(0.01, 0.1, 0.1);
        assertThat(Methods.get("EU-k").defaults().getInt("training_epoch_factor")).isEqualTo(10);
        HyperParameters fcs = Methods.get("FCS").defaults();
        assertThat(List.of(fcs.getDouble("optimizer.learning_rate"), fcs.getDouble("retain_optimizer.learning_rate"),
                fcs.getDouble("retain_optimizer.weight_decay"), fcs.getDouble("forget_optimizer.learning_rate"),
                fcs.getDouble("temperature"), fcs.getDouble("eta_min")))
                .containsExactly(0.005, 1e-3, 1e-2, 3e-4, 1.15, 1e-6);
        HyperParameters msg = Methods.get("MSG").defaults();
        assertThat(List.of(msg.getDouble("init_rate"), msg.getDouble("optimizer.learning_rate"),
                (double) msg.getInt("num_epochs"), (double) msg.getInt("batch_size")))
                .containsExactly(0.3, 1e-3, 5.0, 64.0);
        HyperParameters cfw = Methods.get("CFW").defaults();
        assertThat(List.of(cfw.getDouble("sigma_start"), cfw.getDouble("sigma_final"),
                cfw.getDouble("optimizer.learning_rate")))
                .containsExactly(0.6, 0.005, 7e-4);
        HyperParameters prmq = Methods.get("PRMQ").defaults();
        assertThat(List.of(prmq.getDouble("num_epochs"), prmq.getDouble("prune_amount"))).containsExactly(3.2, 0.99);
        assertThat(prmq.with("num_epochs", "2.5").getDouble("num_epochs")).isEqualTo(2.5);
        HyperParameters kde = Methods.get("KDE").defaults();
        assertThat(List.of(kde.getDouble("temperature"), kde.getDouble("optimizer.learning_rate"),
                kde.getDouble("retain_optimizer.learning_rate"))).containsExactly(5.0, 9e-4, 1e-3);
        HyperParameters rni = Methods.get("RNI").defaults();
        assertThat(List.of(rni.getInt("num_epochs"), rni.getInt("num_fine_epochs"), rni.getInt("num_reset_epochs")))
                .containsExactly(9, 4, 1);
        assertThat(List.of(rni.getDouble("rho"), rni.getDouble("sigma"))).containsExactly(0.7, 0.04);
        assertThat(rni.getDoubleList("fine_optimizer.learning_rate"))
                .containsExactly(2e-4, 2e-4, 2e-4, 1e-3, 1e-3, 1e-4);
        assertThat(rni.with("fine_optimizer.learning_rate", 0.003).getDoubleList("fine_optimizer.learning_rate"))
                .containsExactly(0.003);
    }
}
