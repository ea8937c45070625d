package io.deepunlearn.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Keeps the services' logs for inspection after a test's state directory is gone. */
final class E2eLogs {

    private E2eLogs() {
    }

    static void keep(Path from, Path to) {
        try (var files = Files.list(from)) {
            Files.createDirectories(to);
            for (Path f : files.toList()) {
                Files.copy(f, to.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            System.err.println("[e2e] cannot keep the service logs: " + e.getMessage());
        }
    }
}
