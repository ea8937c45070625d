package io.deepunlearn.cli;

import io.deepunlearn.core.train.ProgressListener;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** Renders {@link ProgressListener} events as a terminal progress bar with rate and ETA (on stderr). */
final class ProgressBars implements ProgressListener {

    private ProgressBar bar;
    private final boolean enabled;

    ProgressBars(boolean enabled) {
        this.enabled = enabled;
    }

    @Override
    public void start(String task, long total) {
        close();
        if (enabled) {
            bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(total).setStyle(ProgressBarStyle.ASCII)
                    .setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err)).showSpeed()
                    .build();
        }
    }

    @Override
    public void step(long done, String message) {
        if (bar != null) {
            bar.stepTo(done);
            bar.setExtraMessage(message);
        }
    }

    @Override
    public void finish(String message) {
        close();
        System.err.println(message);
    }

    private void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
