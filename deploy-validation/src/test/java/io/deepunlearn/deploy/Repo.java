package io.deepunlearn.deploy;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the repository whose deployment files are under test (this module only holds tests). */
final class Repo {

    private static final Path ROOT = findRoot();

    private Repo() {}

    static Path path(String relative) {
        return ROOT.resolve(relative);
    }

    static Path root() {
        return ROOT;
    }

    private static Path findRoot() {
        String configured = System.getProperty("deepunlearn.repo.root");
        if (configured != null && Files.isRegularFile(Path.of(configured, "docker-compose.yml"))) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        // Running from an IDE: walk up from the working directory.
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("docker-compose.yml")) && Files.isDirectory(dir.resolve("deploy"))) {
                return dir;
            }
        }
        throw new IllegalStateException("repository root not found: set -Ddeepunlearn.repo.root=<dir holding docker-compose.yml>");
    }
}
