package dev.barrage.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReplyPlannerTest {

    private static GenerationRequest request(int maxTokens, int minTokens, boolean ignoreEos) {
        return new GenerationRequest(ApiKind.CHAT, null, 10, maxTokens, minTokens, ignoreEos, true, false);
    }

    private static ReplyPlanner planner(int min, int max, int reasoning) {
        return new ReplyPlanner(min, max, reasoning, new Random(42));
    }

    @Test
    void ignoreEosWithMaxTokensGivesExactlyMaxTokens() {
        ReplyPlanner planner = planner(16, 256, 0);
        for (int maxTokens : new int[] {1, 5, 300, 5000}) {
            ReplyPlan plan = planner.plan(request(maxTokens, 0, true));
            assertThat(plan.completionTokens()).isEqualTo(maxTokens);
            assertThat(plan.finishReason()).isEqualTo(ReplyPlan.FinishReason.LENGTH);
        }
    }

    @Test
    void naturalLengthsStayInBoundsAndCoverThem() {
        ReplyPlanner planner = planner(3, 6, 0);
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 400; i++) {
            ReplyPlan plan = planner.plan(request(0, 0, false));
            assertThat(plan.completionTokens()).isBetween(3, 6);
            assertThat(plan.finishReason()).isEqualTo(ReplyPlan.FinishReason.STOP);
            seen.add(plan.completionTokens());
        }
        assertThat(seen).containsExactlyInAnyOrder(3, 4, 5, 6);
    }

    @Test
    void ignoreEosWithoutMaxTokensIsNaturalLength() {
        ReplyPlan plan = planner(7, 7, 0).plan(request(0, 0, true));
        assertThat(plan.completionTokens()).isEqualTo(7);
        assertThat(plan.finishReason()).isEqualTo(ReplyPlan.FinishReason.STOP);
    }

    @Test
    void maxTokensCutsTheNaturalLengthWithFinishReasonLength() {
        ReplyPlan plan = planner(50, 60, 0).plan(request(20, 0, false));
        assertThat(plan.completionTokens()).isEqualTo(20);
        assertThat(plan.finishReason()).isEqualTo(ReplyPlan.FinishReason.LENGTH);
    }

    @Test
    void maxTokensAboveNaturalLengthStopsNaturally() {
        ReplyPlan plan = planner(5, 5, 0).plan(request(100, 0, false));
        assertThat(plan.completionTokens()).isEqualTo(5);
        assertThat(plan.finishReason()).isEqualTo(ReplyPlan.FinishReason.STOP);
    }

    @Test
    void minTokensRaisesTheNaturalLengthButMaxTokensStillCaps() {
        assertThat(planner(5, 5, 0).plan(request(0, 40, false)).completionTokens()).isEqualTo(40);
        ReplyPlan capped = planner(5, 5, 0).plan(request(30, 40, false));
        assertThat(capped.completionTokens()).isEqualTo(30);
        assertThat(capped.finishReason()).isEqualTo(ReplyPlan.FinishReason.LENGTH);
        ReplyPlan equal = planner(5, 5, 0).plan(request(40, 40, false));
        assertThat(equal.completionTokens()).isEqualTo(40);
        assertThat(equal.finishReason()).isEqualTo(ReplyPlan.FinishReason.LENGTH);
    }

    @Test
    void reasoningTokensAreTheFirstMinOfRAndL() {
        assertThat(planner(10, 10, 4).plan(request(0, 0, false)).reasoningTokens()).isEqualTo(4);
        ReplyPlan shortReply = planner(10, 10, 4).plan(request(2, 0, true));
        assertThat(shortReply.reasoningTokens()).isEqualTo(2);
        assertThat(shortReply.isReasoning(1)).isTrue();
        ReplyPlan plan = planner(10, 10, 4).plan(request(0, 0, false));
        assertThat(plan.isReasoning(3)).isTrue();
        assertThat(plan.isReasoning(4)).isFalse();
    }

    @Test
    void theSameSeedGivesTheSameSequenceOfLengths() {
        List<Integer> first = new ArrayList<>();
        List<Integer> second = new ArrayList<>();
        ReplyPlanner a = new ReplyPlanner(SimConfig.builder().seed(7).build());
        ReplyPlanner b = new ReplyPlanner(SimConfig.builder().seed(7).build());
        for (int i = 0; i < 50; i++) {
            first.add(a.plan(request(0, 0, false)).completionTokens());
            second.add(b.plan(request(0, 0, false)).completionTokens());
        }
        assertThat(first).isEqualTo(second);
        assertThat(new HashSet<>(first)).hasSizeGreaterThan(10);
    }
}
