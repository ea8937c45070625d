package io.deepunlearn.core.bench;

import io.deepunlearn.core.metric.MetricCatalogue;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.List;
import javax.imageio.ImageIO;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.labels.StandardXYItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYItemRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** The report's plots, drawn with JFreeChart and embedded as PNG data URIs. */
public final class Charts {

    private static final int W = 900;
    private static final int H = 460;
    private static final double ROC_FLOOR = 1e-3;
    /** One tick per power of ten (a LogAxis tick unit is in exponent space). */
    private static final org.jfree.chart.axis.NumberTickUnit DECADES = new org.jfree.chart.axis.NumberTickUnit(1);

    private Charts() {
    }

    /** RetDev (lower is better) against RTE (higher is faster, log scale), one labelled point per method. */
    static String retDevVsRte(List<SummaryRow> rows) {
        XYSeriesCollection data = new XYSeriesCollection();
        for (SummaryRow r : rows) {
            Double rte = r.value(MetricCatalogue.RTE);
            if (r.retDev() != null && rte != null && rte > 0) {
                XYSeries s = new XYSeries(r.method());
                s.add(rte.doubleValue(), r.retDev().doubleValue());
                data.addSeries(s);
            }
        }
        JFreeChart chart = ChartFactory.createScatterPlot("RetDev vs RTE", "RTE (retrain time / method time, log)",
                "RetDev (lower is better)", data, PlotOrientation.VERTICAL, false, false, false);
        XYPlot plot = chart.getXYPlot();
        LogAxis x = new LogAxis(plot.getDomainAxis().getLabel());
        x.setSmallestValue(1e-3);
        x.setTickUnit(DECADES);
        plot.setDomainAxis(x);
        XYItemRenderer renderer = plot.getRenderer();
        renderer.setDefaultItemLabelGenerator(new StandardXYItemLabelGenerator("{0}"));
        renderer.setDefaultItemLabelsVisible(true);
        renderer.setDefaultItemLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        style(chart);
        return png(chart);
    }

    /** Test MIA per method with the ideal 0.5 line. */
    static String miaPerMethod(List<SummaryRow> rows) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (SummaryRow r : rows) {
            Double mia = r.value(MetricCatalogue.TEST_MIA);
            if (mia != null) {
                data.addValue(mia, "T-MIA", r.method());
            }
        }
        JFreeChart chart = ChartFactory.createBarChart("Population MIA (forget vs test); 0.5 = indistinguishable",
                "method", "MIA accuracy (bars start at 0.5)", data, PlotOrientation.VERTICAL, false, false, false);
        CategoryPlot plot = chart.getCategoryPlot();
        ValueMarker half = new ValueMarker(0.5, Color.RED, new BasicStroke(2f));
        half.setLabel("0.5");
        plot.addRangeMarker(half);
        // bars grow from chance, on an axis fitted to the data: on 0..1, 0.48 and 0.55 look alike
        ((org.jfree.chart.renderer.category.BarRenderer) plot.getRenderer()).setBase(0.5);
        double[] range = miaRange(rows);
        plot.getRangeAxis().setRange(range[0], range[1]);
        plot.getDomainAxis().setCategoryLabelPositions(CategoryLabelPositions.UP_45);
        style(chart);
        return png(chart);
    }

    /** An axis range around 0.5 that holds every mean ± std with a margin (at least 0.45..0.55). */
    static double[] miaRange(List<SummaryRow> rows) {
        double lo = 0.45;
        double hi = 0.55;
        for (SummaryRow r : rows) {
            Double mia = r.value(MetricCatalogue.TEST_MIA);
            if (mia != null) {
                Double std = r.std(MetricCatalogue.TEST_MIA);
                double sd = std == null ? 0 : std;
                lo = Math.min(lo, mia - sd - 0.01);
                hi = Math.max(hi, mia + sd + 0.01);
            }
        }
        return new double[] {Math.max(0, lo), Math.min(1, hi)};
    }

    /** Retain / forget / test accuracy per method. */
    static String accuracies(List<SummaryRow> rows) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (SummaryRow r : rows) {
            add(data, r.value(MetricCatalogue.RETAIN_ACCURACY), "retain (RA)", r.method());
            add(data, r.value(MetricCatalogue.FORGET_ACCURACY), "forget (FA)", r.method());
            add(data, r.value(MetricCatalogue.TEST_ACCURACY), "test (TA)", r.method());
        }
        JFreeChart chart = ChartFactory.createBarChart("Accuracy per split", "method", "accuracy", data,
                PlotOrientation.VERTICAL, true, false, false);
        CategoryPlot plot = chart.getCategoryPlot();
        plot.getRangeAxis().setRange(0, 1);
        plot.getDomainAxis().setCategoryLabelPositions(CategoryLabelPositions.UP_45);
        style(chart);
        return png(chart);
    }

    /** A ROC curve (FPR, TPR points) with the chance diagonal. */
    public static String roc(String title, List<double[]> points) {
        XYSeriesCollection data = new XYSeriesCollection();
        // log-log axes, as in the membership-inference literature (Carlini et al. 2022): the low-FPR region,
        // where a per-sample attack is meaningful, is invisible on linear axes. Points at 0 cannot be drawn on a
        // log axis; the axes start at 1e-3 or at the smallest positive FPR, whichever is lower.
        double floor = ROC_FLOOR;
        for (double[] p : points) {
            if (p[0] > 0) {
                floor = Math.min(floor, p[0]);
            }
        }
        XYSeries curve = new XYSeries("attack", false);
        for (double[] p : points) {
            if (p[0] > 0 && p[1] > 0) {
                curve.add(p[0], p[1]);
            }
        }
        XYSeries chance = new XYSeries("chance", false);
        chance.add(floor, floor);
        chance.add(1, 1);
        data.addSeries(curve);
        data.addSeries(chance);
        JFreeChart chart = ChartFactory.createXYLineChart(title, "false positive rate (log)", "true positive rate (log)",
                data, PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = chart.getXYPlot();
        LogAxis x = new LogAxis(plot.getDomainAxis().getLabel());
        LogAxis y = new LogAxis(plot.getRangeAxis().getLabel());
        for (LogAxis a : new LogAxis[] {x, y}) {
            a.setSmallestValue(floor);
            a.setRange(floor, 1);
            a.setTickUnit(DECADES);
        }
        plot.setDomainAxis(x);
        plot.setRangeAxis(y);
        plot.getRenderer().setSeriesPaint(1, Color.GRAY);
        plot.getRenderer().setSeriesStroke(1, new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                new float[] {6f, 6f}, 0f));
        style(chart);
        return png(chart);
    }

    private static void add(DefaultCategoryDataset data, Double v, String series, String method) {
        if (v != null) {
            data.addValue(v, series, method);
        }
    }

    private static void style(JFreeChart chart) {
        chart.setBackgroundPaint(Color.WHITE);
        chart.getPlot().setBackgroundPaint(new Color(0xf7f7f7));
    }

    static String png(JFreeChart chart) {
        BufferedImage img = chart.createBufferedImage(W, H);
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(img, "png", out);
            return "data:image/png;base64," + Base64.getEncoder().encodeToString(out.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
