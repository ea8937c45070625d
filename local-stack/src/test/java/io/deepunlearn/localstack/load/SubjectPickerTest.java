package io.deepunlearn.localstack.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SubjectPickerTest {

    static final Map<String, List<Integer>> SUBJECTS = Map.of(
            "subject-0", List.of(0, 10), "subject-1", List.of(1), "subject-2", List.of(2, 12),
            "subject-3", List.of(3), "subject-4", List.of(4, 14));

    @Test
    void picksDistinctSubjectsWithTrainedOnSamplesInASeededOrder() {
        Set<Integer> trained = Set.of(0, 2, 12, 3, 14); // subject-1 is held out entirely
        List<String> picked = SubjectPicker.pick(SUBJECTS, trained, 4, 42);
        assertThat(picked).hasSize(4).doesNotHaveDuplicates().doesNotContain("subject-1")
                .containsExactlyInAnyOrder("subject-0", "subject-2", "subject-3", "subject-4");
        assertThat(SubjectPicker.pick(SUBJECTS, trained, 4, 42)).isEqualTo(picked);
        assertThat(SubjectPicker.pick(SUBJECTS, trained, 2, 42)).isEqualTo(picked.subList(0, 2));
    }

    @Test
    void tooFewSubjectsIsAnErrorThatSaysWhatToChange() {
        assertThatThrownBy(() -> SubjectPicker.pick(SUBJECTS, Set.of(0, 1), 3, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs 3 distinct data subjects")
                .hasMessageContaining("has 2")
                .hasMessageContaining("--train-limit");
    }
}
