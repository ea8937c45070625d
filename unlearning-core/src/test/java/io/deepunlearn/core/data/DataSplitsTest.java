package io.deepunlearn.core.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepunlearn.core.util.Npy;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataSplitsTest {

    @Test
    void hasTheSpecSizesForMnistLikeData() {
        DataSplits s = DataSplits.create(60000, 10000, 123);
        assertThat(s.val()).hasSize(9000);
        assertThat(s.train()).hasSize(51000);
        assertThat(s.forget()).hasSize(5100);
        assertThat(s.retain()).hasSize(45900);
        assertThat(s.test()).hasSize(10000);
    }

    @Test
    void isDeterministicAndDisjoint() {
        DataSplits a = DataSplits.create(5000, 100, 123);
        DataSplits b = DataSplits.create(5000, 100, 123);
        assertThat(a.forget()).containsExactly(b.forget());
        assertThat(a.val()).containsExactly(b.val());
        Set<Integer> seen = new HashSet<>();
        for (int[] part : new int[][] {a.val(), a.retain(), a.forget()}) {
            for (int i : part) {
                assertThat(seen.add(i)).as("index %d appears in two splits", i).isTrue();
            }
        }
        assertThat(seen).hasSize(5000);
        assertThat(DataSplits.create(5000, 100, 7).forget()).isNotEqualTo(a.forget());
    }

    /** sklearn: val = items[perm[:ceil(0.15 n)]] with perm = RandomState(123).permutation(n). */
    @Test
    void followsSklearnTrainTestSplit() {
        int[] perm = io.deepunlearn.core.util.NumpyRandom.permutation(60000, 123);
        DataSplits s = DataSplits.create(60000, 1, 123);
        assertThat(s.val()[0]).isEqualTo(perm[0]);
        assertThat(s.train()[0]).isEqualTo(perm[9000]);
    }

    @Test
    void savesSampleIdsAsNpy(@TempDir Path dir) throws Exception {
        ImageSource train = new InMemoryImageSource("t", 2, 1, 1, 1, new byte[200],
                IntStream.range(0, 200).map(i -> i % 2).toArray(), InMemoryImageSource.consecutiveIds(0, 200));
        ImageSource test = new InMemoryImageSource("t", 2, 1, 1, 1, new byte[10], new int[10],
                InMemoryImageSource.consecutiveIds(200, 10));
        DataSplits s = DataSplits.create(200, 10, 123);
        s.save(dir, train, test);
        assertThat(Npy.readInt64(dir.resolve("forget.npy"))).containsExactly(s.forget());
        assertThat(Npy.readInt64(dir.resolve("test.npy"))).containsExactly(IntStream.range(200, 210).toArray());
        assertThat(dir.resolve("splits.json")).content().contains("\"id\"").contains("\"retain\" : 153");
    }
}
