package io.deepunlearn.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.sun.net.httpserver.HttpServer;
import io.deepunlearn.core.util.Hashing;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DownloaderTest {

    @Test
    void downloadsOverHttpAndVerifiesTheChecksum(@TempDir Path dir) throws Exception {
        byte[] body = "dataset bytes".getBytes(StandardCharsets.UTF_8);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/f.bin", ex -> {
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
        try {
            URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/f.bin");
            Path target = dir.resolve("cache/f.bin");
            new Downloader().fetch(uri, target, Hashing.sha256(body));
            assertThat(target).hasBinaryContent(body);

            Path other = dir.resolve("cache/g.bin");
            assertThatThrownBy(() -> new Downloader().fetch(uri, other, "00".repeat(32)))
                    .isInstanceOf(DatasetException.class).hasMessageContaining("checksum mismatch");
            assertThat(other).doesNotExist();
            assertThat(Files.list(dir.resolve("cache")).toList()).containsExactly(target);

            URI missing = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/nope");
            assertThatThrownBy(() -> new Downloader().fetch(missing, other, Hashing.sha256(body)))
                    .isInstanceOf(DatasetException.class).hasMessageContaining("HTTP 404");
        } finally {
            server.stop(0);
        }
    }

    /** The Fashion-MNIST download path, fed from a file URL holding the Debian copy (no internet here). */
    @Test
    void fashionMnistDownloadsIntoTheCacheFromAMirror(@TempDir Path dir) throws Exception {
        Path debian = DataLocator.DEBIAN_ROOT.resolve("fashion-mnist");
        assumeThat(Files.isRegularFile(debian.resolve(IdxDatasetProvider.TRAIN_LABELS)))
                .as("Debian's dataset-fashion-mnist is not installed").isTrue();
        Path cache = dir.resolve("cache");
        Path emptyRoot = Files.createDirectories(dir.resolve("empty"));
        // Search only an empty explicit directory and the cache; the mirror is the Debian folder as a file URL.
        DataLocator locator = new DataLocator(java.util.List.of(emptyRoot), cache, true, new Downloader());
        DatasetBundle b = IdxDatasetProvider.fashionMnist(debian.toUri()).load(locator);
        assertThat(b.train().size()).isEqualTo(60000);
        assertThat(b.test().size()).isEqualTo(10000);
        assertThat(cache.resolve("fashion-mnist").resolve(IdxDatasetProvider.TEST_LABELS)).exists();
    }

    @Test
    void bundledSubsetIsAvailableWithoutFiles() {
        DatasetBundle b = Datasets.load("fashion-mnist-subset", null);
        assertThat(b.train().size()).isEqualTo(3000);
        assertThat(b.test().size()).isEqualTo(1000);
        assertThat(b.train().height()).isEqualTo(28);
    }

    @Test
    void unknownDatasetNamesTheKnownOnes() {
        assertThatThrownBy(() -> Datasets.provider("imagenet"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fashion-mnist");
    }
}
