package io.deepunlearn.pipeline.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deepunlearn.pipeline.storage.Hashes;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Keyed pseudonyms against the attack of issue 12: enumerate every sample id of a dataset and compare with a
 * receipt's hashes. Without the pepper nothing is recovered; with it everything is (the attack is real, only the
 * key stops it).
 */
class PseudonymizerTest {

    private static final String DATASET = "cifar10-train";
    /** CIFAR-10's whole id space: what an attacker can enumerate. */
    private static final int ID_SPACE = 50_000;

    private static Pseudonymizer fresh(String keyId) {
        return new Pseudonymizer(keyId, KeyMaterial.randomBytes(32), Map.of());
    }

    /** The attacker's table: pseudonym candidate -> sample id, built with {@code hash}. */
    private static Map<String, Integer> enumerate(java.util.function.IntFunction<String> hash) {
        Map<String, Integer> table = new HashMap<>();
        IntStream.range(0, ID_SPACE).forEach(id -> table.put(hash.apply(id), id));
        return table;
    }

    @Test
    void enumeratingIdsDoesNotReverseAReceiptWithoutThePepperButDoesWithIt() {
        Pseudonymizer service = fresh("k1");
        List<Integer> forgotten = List.of(17, 4242, 31337, 49_999);
        List<String> receiptHashes = forgotten.stream().map(id -> service.sampleRef(DATASET, id)).toList();

        // the attack: unkeyed SHA-256 of "sample:<dataset>:<id>", with and without the key-id prefix
        Map<String, Integer> unkeyed = enumerate(id -> Hashes.sha256("sample:" + DATASET + ":" + id));
        assertThat(receiptHashes).noneMatch(h -> unkeyed.containsKey(h) || unkeyed.containsKey(h.substring(3)));
        // a guessed pepper (another random key, even under the same key id) recovers nothing
        Map<String, Integer> guessed = enumerate(id -> fresh("k1").sampleRef(DATASET, id));
        assertThat(receiptHashes).noneMatch(guessed::containsKey);

        // with the pepper the same enumeration recovers every id: the key is what protects the receipt
        Map<String, Integer> keyed = enumerate(id -> service.sampleRef(DATASET, id));
        assertThat(receiptHashes.stream().map(keyed::get).toList()).isEqualTo(forgotten);
    }

    @Test
    void pseudonymsNameTheirKeyAndSurviveRotationThroughRetiredKeys() {
        byte[] oldPepper = KeyMaterial.randomBytes(32);
        Pseudonymizer before = new Pseudonymizer("2025-01", oldPepper, Map.of());
        String oldRef = before.sampleRef(DATASET, 7);
        assertThat(oldRef).matches("2025-01:[0-9a-f]{64}");

        Pseudonymizer after = new Pseudonymizer("2025-07", KeyMaterial.randomBytes(32), Map.of("2025-01", oldPepper));
        assertThat(after.sampleRef(DATASET, 7)).startsWith("2025-07:").isNotEqualTo(oldRef);
        assertThat(after.matches(oldRef, DATASET, 7)).isTrue();
        assertThat(after.matches(after.sampleRef(DATASET, 7), DATASET, 7)).isTrue();
        assertThat(after.matches(oldRef, DATASET, 8)).isFalse();
        // once the retired key is dropped, old pseudonyms are unlinkable (crypto-shredding)
        assertThat(fresh("2025-07").matches(oldRef, DATASET, 7)).isFalse();
    }

    @Test
    void subjectAndSamplePseudonymsAreDistinctAndDatasetScoped() {
        Pseudonymizer p = fresh("k1");
        Set<String> refs = Set.of(p.subjectRef(DATASET, "7"), p.sampleRef(DATASET, 7), p.sampleRef("other", 7));
        assertThat(refs).hasSize(3);
        assertThat(p.subjectRef(DATASET, "alice")).doesNotContain("alice");
    }

    @Test
    void configurationWithoutAPepperOrWithAShortOneIsRefused() {
        assertThatThrownBy(() -> Pseudonymizer.fromConfig(k -> Optional.empty()))
                .hasMessageContaining("DEEPUNLEARN_PSEUDONYM_KEY");
        String shortKey = java.util.Base64.getEncoder().encodeToString(new byte[16]);
        assertThatThrownBy(() -> Pseudonymizer.fromConfig(k -> k.equals("deepunlearn.pseudonym.key")
                ? Optional.of(shortKey) : Optional.empty())).hasMessageContaining("shorter than 32 bytes");
        Map<String, String> c = LocalSecrets.generate().serviceConfig("unlearner-service");
        Pseudonymizer p = Pseudonymizer.fromConfig(k -> Optional.ofNullable(c.get(k)));
        assertThat(p.keyId()).isEqualTo("local-1");
        assertThat(IntStream.range(0, 100).mapToObj(i -> p.sampleRef(DATASET, i)).collect(Collectors.toSet())).hasSize(100);
    }
}
