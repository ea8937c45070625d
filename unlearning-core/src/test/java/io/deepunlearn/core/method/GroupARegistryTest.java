package io.deepunlearn.core.method;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class GroupARegistryTest {

    @Test
    void methodsAreRegisteredInSpecOrderUnderTheirNamesAndReferenceKeys() {
        List<String> names = Methods.names();
        assertThat(names.subList(0, 9)).containsExactly("FT", "GA", "SRL", "NG+", "BT", "SalUn", "SCRUB", "FF", "IU");
        String[] keys = {"gradient_ascent", "successive_random_labels", "neggradplus", "bad_teacher", "salun", "scrubv2",
            "fisher", "influence"};
        for (int i = 0; i < keys.length; i++) {
            assertThat(Methods.get(keys[i]).name()).isEqualTo(names.get(i + 1));
            assertThat(Methods.get(names.get(i + 1).toLowerCase()).referenceKey()).isEqualTo(keys[i]);
        }
    }
}
