package io.deepunlearn.localstack.load;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Chooses the data subjects of a run: distinct subjects of the model's dataset manifest that own at least one
 * sample the model was trained on (a subject with held-out samples only would be refused: nothing to forget),
 * in a seeded random order so the forgotten samples spread over the dataset. No subject is used twice.
 */
public final class SubjectPicker {

    private SubjectPicker() {
    }

    public static List<String> pick(Map<String, List<Integer>> subjects, Set<Integer> trainSampleIds, int count,
                                    long seed) {
        List<String> eligible = new ArrayList<>(subjects.entrySet().stream()
                .filter(e -> e.getValue().stream().anyMatch(trainSampleIds::contains))
                .map(Map.Entry::getKey).sorted().toList());
        if (eligible.size() < count) {
            throw new IllegalArgumentException("the load needs " + count + " distinct data subjects but the model's "
                    + "dataset has " + eligible.size() + " with trained-on samples: raise --train-limit, lower "
                    + "--samples-per-subject, or offer fewer requests (--rates, --duration)");
        }
        Collections.shuffle(eligible, new Random(seed));
        return List.copyOf(eligible.subList(0, count));
    }
}
