package dev.barrage.servermetrics;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The parser reads back whatever a conforming exporter writes, and fails on anything else only in its one way. */
class ExpositionParserProperties {

    /** One sample as an exporter would write it. */
    record Written(String name, Map<String, String> labels, double value) {
        String line() {
            StringBuilder sb = new StringBuilder(name);
            if (!labels.isEmpty()) {
                sb.append('{');
                labels.forEach((k, v) -> sb.append(k).append("=\"").append(v.replace("\\", "\\\\")
                        .replace("\"", "\\\"").replace("\n", "\\n")).append("\","));
                sb.setLength(sb.length() - 1);
                sb.append('}');
            }
            String v = Double.isNaN(value) ? "NaN" : value == Double.POSITIVE_INFINITY ? "+Inf"
                    : value == Double.NEGATIVE_INFINITY ? "-Inf" : Double.toString(value);
            return sb.append(' ').append(v).toString();
        }
    }

    @Provide
    Arbitrary<List<Written>> pages() {
        Arbitrary<String> names = Arbitraries.strings().withCharRange('a', 'z').withChars(':', '_').ofMinLength(1)
                .ofMaxLength(12).filter(n -> n.charAt(0) != ':' || n.length() > 1);
        Arbitrary<String> labelNames = Arbitraries.strings().withCharRange('a', 'z').withChars('_').ofMinLength(1)
                .ofMaxLength(6);
        Arbitrary<String> labelValues = Arbitraries.strings().withChars('a', 'Z', ' ', '"', '\\', '\n', ',', '}', '{',
                '=', '#', 'é', '中').ofMaxLength(10);
        Arbitrary<Double> values = Arbitraries.oneOf(Arbitraries.doubles(), Arbitraries.of(Double.NaN,
                Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0, -0.0, 1e-300, Double.MAX_VALUE));
        Arbitrary<Written> samples = Combinators.combine(names, Arbitraries.maps(labelNames, labelValues).ofMaxSize(3)
                .map(LinkedHashMap::new), values).as((n, l, v) -> new Written(n, l, v));
        return samples.list().ofMaxSize(20).uniqueElements(w -> w.name() + new java.util.TreeMap<>(w.labels()));
    }

    @Property(tries = 300)
    void readsBackWhatAnExporterWrites(@ForAll("pages") List<Written> written) throws Exception {
        StringBuilder page = new StringBuilder("# HELP x some help\n");
        written.forEach(w -> page.append(w.line()).append('\n'));
        MetricsPage parsed = ExpositionParser.parse(page.toString(), false);
        List<Written> read = new ArrayList<>();
        parsed.samples().forEach(s -> read.add(new Written(s.name(), s.labels(), s.value())));
        assertThat(read).hasSize(written.size());
        for (int i = 0; i < written.size(); i++) {
            assertThat(read.get(i).name()).isEqualTo(written.get(i).name());
            assertThat(read.get(i).labels()).isEqualTo(written.get(i).labels());
            assertThat(Double.compare(read.get(i).value(), written.get(i).value()) == 0
                    || read.get(i).value() == written.get(i).value()).isTrue();
        }
    }

    @Provide
    Arbitrary<String> noise() {
        // the characters the grammar turns on, in any order: the paths where a parser slips
        return Arbitraries.strings().withChars('m', 'a', '_', ':', '{', '}', '=', '"', '\\', ',', ' ', '\t', '\n',
                '\r', '#', '1', '.', 'e', '+', '-', 'N', 'I', 'n', 'f', 'E', 'O', 'F', 'T', 'Y', 'P', '\u0000', 'é')
                .ofMaxLength(200);
    }

    @Property(tries = 3000)
    void noInputMakesItThrowAnythingElse(@ForAll("noise") String text, @ForAll boolean openMetrics) {
        try {
            MetricsPage page = ExpositionParser.parse(text, openMetrics);
            assertThat(page.samples()).allSatisfy(s -> assertThat(ExpositionParser.isMetricName(s.name())).isTrue());
        } catch (ExpositionFormatException e) {
            assertThat(e.getMessage()).isNotBlank();
        }
    }

    @Property(tries = 500)
    void aValidPageCutAnywhereEitherParsesOrFailsCleanly(@ForAll("pages") List<Written> written,
            @ForAll("cuts") double cut) {
        StringBuilder page = new StringBuilder();
        written.forEach(w -> page.append(w.line()).append('\n'));
        String truncated = page.substring(0, (int) (page.length() * cut));
        try {
            ExpositionParser.parse(truncated + "# EOF\n", true);
        } catch (ExpositionFormatException e) {
            assertThat(e.getMessage()).startsWith("line ");
        }
    }

    @Provide
    Arbitrary<Double> cuts() {
        return Arbitraries.doubles().between(0, 1);
    }
}
