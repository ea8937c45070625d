package io.deepunlearn.core.train;

/** Receives progress from long loops (training epochs, benchmark runs); the CLI renders it as a bar. */
public interface ProgressListener {

    ProgressListener NONE = new ProgressListener() {
    };

    /** A unit of work named {@code task} starts, with {@code total} steps. */
    default void start(String task, long total) {
    }

    default void step(long done, String message) {
    }

    default void finish(String message) {
    }
}
