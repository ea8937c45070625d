package io.deepunlearn.cli;

import picocli.CommandLine;

/** Reports the build version and the engine it runs on. */
final class VersionProvider implements CommandLine.IVersionProvider {

    @Override
    public String[] getVersion() {
        io.deepunlearn.core.bench.BuildInfo build = io.deepunlearn.core.bench.BuildInfo.current();
        String v = build.version() != null ? build.version() : DeepUnlearn.class.getPackage().getImplementationVersion();
        return new String[] {"deepunlearn " + (v == null ? "dev" : v) + " (commit "
                + (build.commit() == null ? "unknown" : build.commit()) + ")",
            "engine: DJL PyTorch (native library bundled, offline)"};
    }
}
