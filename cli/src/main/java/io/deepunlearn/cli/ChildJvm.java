package io.deepunlearn.cli;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of a child JVM running this command line ({@code tune --workers}, {@code bench --workers}):
 * the same java, the same -D/-X settings and the same class path, so a worker behaves exactly like its parent.
 */
final class ChildJvm {

    private ChildJvm() {
    }

    static List<String> command(List<String> deepunlearnArgs) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("-D") || a.startsWith("-X")).forEach(cmd::add);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(DeepUnlearn.class.getName());
        cmd.addAll(deepunlearnArgs);
        return cmd;
    }
}
