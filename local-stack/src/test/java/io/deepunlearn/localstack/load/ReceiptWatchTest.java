package io.deepunlearn.localstack.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class ReceiptWatchTest {

    @Test
    void aReceiptIsDatedByTheFirstListingThatShowsIt() {
        List<String> keys = new CopyOnWriteArrayList<>(List.of("receipts/fr-1.json", "receipts/readme.txt"));
        PipelineObservations o = new PipelineObservations();
        ReceiptWatch watch = new ReceiptWatch(() -> keys, o, 10);
        long before = System.nanoTime();
        watch.scan();
        long first = o.receiptAt("fr-1").orElseThrow();
        assertThat(first).isGreaterThanOrEqualTo(before);
        assertThat(o.receiptAt("readme")).isEmpty();
        keys.add("receipts/fr-2.json");
        watch.scan();
        assertThat(o.receiptAt("fr-1")).contains(first);
        assertThat(o.receiptAt("fr-2")).isPresent();
        assertThat(o.settled("fr-2")).isTrue();
    }
}
