package dev.barrage.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The report's static parts, read from the classpath: Chart.js from its WebJar (Maven Central's
 * {@code org.webjars.npm:chart.js}, MIT licence, kept in the jar with its licence header), and the
 * report's own style sheet and script. Inlined into every page, so a report needs no network.
 */
final class Assets {
    /** Must match the chart.js version in pom.xml. */
    static final String CHART_JS_VERSION = "4.5.1";
    static final String CHART_JS = "META-INF/resources/webjars/chart.js/" + CHART_JS_VERSION + "/dist/chart.umd.min.js";

    private static volatile String chartJs;

    private Assets() {
    }

    static String chartJs() {
        String js = chartJs;
        if (js == null) {
            js = read(CHART_JS);
            chartJs = js;
        }
        return js;
    }

    static String reportJs() {
        return read("dev/barrage/report/report.js");
    }

    static String reportCss() {
        return read("dev/barrage/report/report.css");
    }

    private static String read(String resource) {
        try (InputStream in = Assets.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("resource " + resource + " is missing from the classpath (a broken build?)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read resource " + resource, e);
        }
    }
}
