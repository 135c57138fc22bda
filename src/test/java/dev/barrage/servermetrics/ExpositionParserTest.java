package dev.barrage.servermetrics;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExpositionParserTest {

    static String fixture(String engine, int k) throws IOException {
        try (InputStream in = ExpositionParserTest.class.getResourceAsStream(engine + ".prom")) {
            return EngineMetricsServer.fill(new String(in.readAllBytes(), StandardCharsets.UTF_8), k);
        }
    }

    private static MetricsPage parse(String text) throws ExpositionFormatException {
        return ExpositionParser.parse(text, false);
    }

    private static Sample only(MetricsPage page, String name) {
        List<Sample> found = page.samples().stream().filter(s -> s.name().equals(name)).toList();
        assertThat(found).as(name).hasSize(1);
        return found.get(0);
    }

    @Test
    void readsEachEnginesPage() throws Exception {
        for (String engine : List.of("vllm", "sglang", "tgi", "llamacpp")) {
            MetricsPage page = parse(fixture(engine, 3));
            assertThat(page.samples()).as(engine).hasSizeGreaterThan(10);
        }
        MetricsPage vllm = parse(fixture("vllm", 3));
        assertThat(only(vllm, "vllm:prompt_tokens_total").value()).isEqualTo(300);
        assertThat(vllm.types()).containsEntry("vllm:time_to_first_token_seconds", "histogram")
                .containsEntry("vllm:num_requests_running", "gauge");
    }

    @Test
    void unescapesLabelValues() throws Exception {
        Sample s = only(parse(fixture("vllm", 1)), "vllm:num_requests_waiting");
        assertThat(s.label("model_name")).isEqualTo("/models/Qwen \"2.5\" \\ 7B\nInstruct");
        assertThat(s.label("engine")).isEqualTo("0");
        // another escaped character stays as written, as in Prometheus
        assertThat(only(parse("m{a=\"x\\ty\"} 1\n"), "m").label("a")).isEqualTo("x\\ty");
    }

    @Test
    void readsNanAndInfinitiesInAnyCase() throws Exception {
        MetricsPage page = parse("a NaN\nb +Inf\nc -Inf\nd nan\ne inf\nf -infinity\ng 1e3\nh -.5\ni 7.\n");
        assertThat(page.samples()).extracting(Sample::value).containsExactly(Double.NaN, Double.POSITIVE_INFINITY,
                Double.NEGATIVE_INFINITY, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1000.0, -0.5,
                7.0);
    }

    @Test
    void dropsTimestampsAndExemplars() throws Exception {
        MetricsPage page = parse("a{x=\"1\"} 2 1712345678000\n"
                + "b_bucket{le=\"0.5\"} 3 # {trace_id=\"abc\"} 0.4 1520879607.789\n"
                + "c 4 1520879607.789 # {trace_id=\"d\"} 1\n");
        assertThat(page.samples()).extracting(Sample::value).containsExactly(2.0, 3.0, 4.0);
    }

    @Test
    void acceptsCrlfBlankLinesCommentsAndSpacingInLabels() throws Exception {
        MetricsPage page = parse("# a free comment\r\n\r\n  m{ a = \"1\" , b=\"2\", } 5\r\n#HELP not a help line\n");
        assertThat(only(page, "m").labels()).isEqualTo(Map.of("a", "1", "b", "2"));
    }

    @Test
    void openMetricsNeedsItsEofAndNothingAfterIt() throws Exception {
        String page = "# TYPE a counter\n# UNIT a seconds\na_total 1\na_created 1.7e9\n# EOF\n";
        assertThat(ExpositionParser.parse(page, true).samples()).hasSize(2);
        assertThatThrownBy(() -> ExpositionParser.parse("a_total 1\n", true))
                .hasMessageContaining("must end with '# EOF'");
        assertThatThrownBy(() -> parse("a 1\n# EOF\nb 2\n")).hasMessageContaining("line 3: data after '# EOF'");
    }

    @Test
    void rejectsMalformedLinesNamingTheLine() {
        record Bad(String page, String message) {
        }
        for (Bad bad : List.of(
                new Bad("ok 1\nm{a=\"1\" 2\n", "line 2: expected ',' or '}'"),
                new Bad("m{a=\"1} 2\n", "not closed"),
                new Bad("m{a=1} 2\n", "double quotes"),
                new Bad("m 0x10\n", "is not a number"),
                new Bad("m 1.0d\n", "is not a number"),
                new Bad("m\n", "expected a space and a value"),
                new Bad("m 1 2 3\n", "unexpected text after the value"),
                new Bad("m 1 notatime\n", "timestamp 'notatime'"),
                new Bad("9m 1\n", "expected a metric name"),
                new Bad("m{a=\"1\",a=\"2\"} 1\n", "the label a is given twice"),
                new Bad("m{a=\"1\"} 1\nm{a=\"1\"} 2\n", "line 2: the series"),
                new Bad("# TYPE m countr\n", "unknown metric type 'countr'"),
                new Bad("# TYPE m gauge\n# TYPE m gauge\n", "a second '# TYPE'"),
                new Bad("# TYPE\n", "needs a metric name"),
                new Bad("<html><body>Not found</body></html>\n", "line 1"))) {
            assertThatThrownBy(() -> parse(bad.page())).as(bad.page()).isInstanceOf(ExpositionFormatException.class)
                    .hasMessageContaining(bad.message());
        }
    }

    @Test
    void theSameSeriesIsTheSameWhateverTheLabelOrder() {
        assertThatThrownBy(() -> parse("m{a=\"1\",b=\"2\"} 1\nm{b=\"2\",a=\"1\"} 1\n"))
                .hasMessageContaining("appears twice");
    }

    @Test
    void boundsTheSamplesOfOnePage() {
        StringBuilder page = new StringBuilder();
        for (int i = 0; i <= ExpositionParser.MAX_SAMPLES; i++) {
            page.append("m{i=\"").append(i).append("\"} 1\n");
        }
        assertThatThrownBy(() -> parse(page.toString())).hasMessageContaining("more than 200000 samples");
    }
}
