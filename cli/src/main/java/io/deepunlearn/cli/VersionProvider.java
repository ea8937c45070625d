package io.deepunlearn.cli;

import picocli.CommandLine;

/** Reports the build version and the engine it runs on. */
final class VersionProvider implements CommandLine.IVersionProvider {

    @Override
    public String[] getVersion() {
        String v = DeepUnlearn.class.getPackage().getImplementationVersion();
        return new String[] {"deepunlearn " + (v == null ? "dev" : v), "engine: DJL PyTorch (native library bundled, offline)"};
    }
}
