package dev.barrage.report;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GridTableTest {
    @Test
    void gridStyleRulesEveryRowLikeTabulate() {
        String t = new GridTable(List.of("Key", "Value"), List.of(GridTable.Align.LEFT, GridTable.Align.LEFT))
                .row("Total Requests", "400").row("Avg TTFT (ms)", "1307.1").render(GridTable.Style.GRID);
        assertThat(t).isEqualTo(""
                + "+----------------+--------+\n"
                + "| Key            | Value  |\n"
                + "+================+========+\n"
                + "| Total Requests | 400    |\n"
                + "+----------------+--------+\n"
                + "| Avg TTFT (ms)  | 1307.1 |\n"
                + "+----------------+--------+\n");
    }

    @Test
    void prettyStyleRulesOnlyTheHeaderAndRightAlignsNumbers() {
        String t = new GridTable(List.of("Percentiles", "TTFT (ms)"), List.of(GridTable.Align.LEFT, GridTable.Align.RIGHT))
                .row("50%", "9.5").row("99%", "123.25").render(GridTable.Style.PRETTY);
        assertThat(t).isEqualTo(""
                + "+-------------+-----------+\n"
                + "| Percentiles | TTFT (ms) |\n"
                + "+-------------+-----------+\n"
                + "| 50%         |       9.5 |\n"
                + "| 99%         |    123.25 |\n"
                + "+-------------+-----------+\n");
    }

    @Test
    void wideCharactersAndColoursAreMeasuredByDisplayWidth() {
        assertThat(GridTable.width("长城")).isEqualTo(4);
        assertThat(GridTable.width("\u001b[32m99.0\u001b[0m")).isEqualTo(4);
    }

    @Test
    void rejectsRowsOfTheWrongSize() {
        GridTable t = new GridTable(List.of("a", "b"), List.of(GridTable.Align.LEFT, GridTable.Align.LEFT));
        assertThatThrownBy(() -> t.row("only one")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void numbersAreFormattedWithoutLocaleOrExponent() {
        assertThat(Numbers.format(6501.61)).isEqualTo("6501.61");
        assertThat(Numbers.format(62.99984)).isEqualTo("62.9998");
        assertThat(Numbers.format(1e-7)).isEqualTo("0");
        assertThat(Numbers.format(1.0e7)).isEqualTo("10000000");
        assertThat(Numbers.format((Object) null)).isEqualTo("-");
        assertThat(Numbers.format(Double.NaN)).isEqualTo("-");
    }
}
