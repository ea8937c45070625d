package io.deepunlearn.core.bench;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The version and git commit these classes were built from, written at build time by unlearning-core's pom
 * ({@code build-info.properties}; "-dirty" when the tree had uncommitted changes). Results used to say "commit
 * unknown" and version "null" whenever the jar ran outside a checkout: the commit was asked of git in the working
 * directory at run time, and the shaded jar's manifest had no Implementation-Version.
 */
public record BuildInfo(String version, String commit) {

    private static final BuildInfo CURRENT = load();

    public static BuildInfo current() {
        return CURRENT;
    }

    static BuildInfo load() {
        Properties p = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream("build-info.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // fall through: unknown build
        }
        return new BuildInfo(known(p.getProperty("version")), known(p.getProperty("commit")));
    }

    /** null for a missing, blank, unresolved ("${...}") or "unknown" value. */
    private static String known(String v) {
        return v == null || v.isBlank() || v.contains("${") || v.equals("unknown") ? null : v.trim();
    }
}
