package dev.barrage.dataset;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

import java.io.BufferedReader;
import java.io.Reader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link LineReader} splits text exactly as {@link BufferedReader#readLine()} does — {@code \n},
 * {@code \r}, {@code \r\n}, across its buffer's edges — and refuses a line longer than its limit.
 */
class LineReaderProperties {
    @Provide
    Arbitrary<String> texts() {
        // few letters, many line breaks; long enough to cross the 64 KiB buffer now and then
        return Arbitraries.strings().withChars('a', 'b', '\n', '\r', ' ', 'é').ofMaxLength(140_000);
    }

    @Property(tries = 300)
    void splitsLikeBufferedReader(@ForAll("texts") String text) throws Exception {
        assertThat(lines(new LineReader(new StringReader(text), Integer.MAX_VALUE)))
                .isEqualTo(bufferedReaderLines(new StringReader(text)));
    }

    @Provide
    Arbitrary<String> longLines() {
        // up to ten lines of up to 1,300 characters, each ended by any line break: some over the limit of 1,000
        Arbitrary<String> line = Combinators.combine(Arbitraries.integers().between(0, 1_300),
                Arbitraries.of("\n", "\r", "\r\n", "")).as((length, end) -> "a".repeat(length) + end);
        return line.list().ofMaxSize(10).map(lines -> String.join("", lines));
    }

    @Property(tries = 300)
    void refusesALineOverTheLimitAndOnlyThen(@ForAll("longLines") String text) throws Exception {
        int limit = 1_000;
        boolean tooLong = bufferedReaderLines(new StringReader(text)).stream().anyMatch(l -> l.length() > limit);
        LineReader reader = new LineReader(new StringReader(text), limit);
        Statistics.label("a line too long").collect(tooLong);
        if (tooLong) {
            assertThatThrownBy(() -> lines(reader)).isInstanceOf(LineReader.TooLongException.class)
                    .hasMessage("longer than 1000 characters");
        } else {
            assertThat(lines(reader)).isEqualTo(bufferedReaderLines(new StringReader(text)));
        }
    }

    private static List<String> lines(LineReader r) throws Exception {
        List<String> out = new ArrayList<>();
        for (String line = r.next(); line != null; line = r.next()) {
            out.add(line);
        }
        return out;
    }

    private static List<String> bufferedReaderLines(Reader in) throws Exception {
        List<String> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(in)) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                out.add(line);
            }
        }
        return out;
    }
}
