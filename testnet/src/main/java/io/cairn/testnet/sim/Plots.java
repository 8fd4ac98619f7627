package io.cairn.testnet.sim;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;

/** The report's PNG plots, drawn with XChart. */
final class Plots {
    private static final int WIDTH = 900;
    private static final int HEIGHT = 560;
    private static final int MAX_POINTS = 400;

    private Plots() {}

    /** Writes every plot the reports have data for into {@code dir}; returns the files written. */
    static List<Path> write(List<SimReport> reports, Path dir) throws IOException {
        List<Path> files = new ArrayList<>();
        XYChart latency = xy("Find-provider latency, no churn (CDF)", "milliseconds to the first provider",
                "% of successful lookups");
        CategoryChart hops = new CategoryChartBuilder().width(WIDTH).height(HEIGHT)
                .title("Find-provider hops, no churn").xAxisTitle("hop of the answer carrying the first provider")
                .yAxisTitle("% of successful lookups").build();
        boolean any = false;
        for (SimReport r : reports) {
            ScenarioResult base = r.scenario(Scenario.BASELINE);
            if (base == null || base.latencyMillis().count() == 0) {
                continue;
            }
            any = true;
            cdf(latency, label(r.nodes()), base.latencyMillis());
            long[] h = base.hops().values();
            int max = (int) h[h.length - 1];
            List<Integer> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            for (int i = 1; i <= Math.max(max, 6); i++) {
                int hop = i;
                xs.add(hop);
                ys.add(100.0 * java.util.Arrays.stream(h).filter(x -> x == hop).count() / h.length);
            }
            hops.addSeries(label(r.nodes()), xs, ys);
        }
        if (any) {
            files.add(save(latency, dir, "lookup-latency-cdf"));
            files.add(save(hops, dir, "lookup-hops"));
        }
        SimReport big = reports.stream().max((a, b) -> Integer.compare(a.nodes(), b.nodes())).orElse(null);
        if (big != null && !big.scenarios().isEmpty()) {
            XYChart scen = xy("Find-provider latency by scenario at " + label(big.nodes()) + " (CDF)",
                    "milliseconds to the first provider (log)", "% of successful lookups");
            scen.getStyler().setXAxisLogarithmic(true);
            for (ScenarioResult s : big.scenarios()) {
                if (s.latencyMillis().count() > 0) {
                    cdf(scen, s.scenario().name().toLowerCase(Locale.ROOT), s.latencyMillis());
                }
            }
            files.add(save(scen, dir, "lookup-latency-by-scenario"));
        }
        XYChart findable = xy("Provider records findable under churn", "hours since first provided",
                "% of sampled CIDs found");
        XYChart holders = xy("Live nodes holding a provider record", "hours since first provided",
                "mean live holders per CID");
        boolean survival = false;
        for (SimReport r : reports) {
            SurvivalResult s = r.survival();
            if (s == null || s.hours().isEmpty()) {
                continue;
            }
            survival = true;
            double[] x = s.hours().stream().mapToDouble(Double::doubleValue).toArray();
            line(findable, label(r.nodes()), x, s.findable().stream().mapToDouble(v -> 100 * v).toArray());
            line(holders, label(r.nodes()), x, s.meanHolders().stream().mapToDouble(Double::doubleValue).toArray());
        }
        if (survival) {
            files.add(save(findable, dir, "record-findable"));
            files.add(save(holders, dir, "record-holders"));
        }
        return files;
    }

    private static String label(int nodes) {
        return String.format(Locale.ROOT, "%,d nodes", nodes);
    }

    private static XYChart xy(String title, String x, String y) {
        XYChart c = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(x).yAxisTitle(y).build();
        c.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideSE);
        c.getStyler().setMarkerSize(0);
        return c;
    }

    private static void cdf(XYChart chart, String name, Distribution d) {
        long[] v = d.values();
        int points = Math.min(MAX_POINTS, v.length);
        double[] x = new double[points];
        double[] y = new double[points];
        for (int i = 0; i < points; i++) {
            int idx = (int) Math.min(v.length - 1, Math.round((i + 1.0) * v.length / points) - 1);
            x[i] = Math.max(1, v[idx]);
            y[i] = 100.0 * (idx + 1) / v.length;
        }
        line(chart, name, x, y);
    }

    private static void line(XYChart chart, String name, double[] x, double[] y) {
        XYSeries s = chart.addSeries(name, x, y);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
    }

    private static Path save(org.knowm.xchart.internal.chartpart.Chart<?, ?> chart, Path dir, String name)
            throws IOException {
        Path file = dir.resolve(name + ".png");
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
        return file;
    }
}
