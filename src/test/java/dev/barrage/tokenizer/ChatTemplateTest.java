package dev.barrage.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.InputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Jinjava plus Barrage's dialect bridge renders HuggingFace chat templates exactly as Python's
 * Jinja2 does with transformers' settings: the expected strings in chat_template_cases.json were
 * rendered by Jinja2 3.1 (ImmutableSandboxedEnvironment, trim_blocks, lstrip_blocks,
 * raise_exception), for Llama 3, Mistral, Gemma, an Aya-style template (slices, str.strip), ChatML
 * and Qwen3 (namespace, [::-1], startswith, split, lstrip, reasoning blocks).
 */
class ChatTemplateTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestFactory
    List<DynamicTest> rendersLikeJinja2() throws Exception {
        JsonNode root;
        try (InputStream in = getClass().getResourceAsStream("chat_template_cases.json")) {
            root = JSON.readTree(in);
        }
        List<DynamicTest> tests = new ArrayList<>();
        int i = 0;
        for (JsonNode c : root.get("cases")) {
            String name = c.get("template").asText();
            tests.add(DynamicTest.dynamicTest(name + " #" + i++ + " add_generation_prompt=" + c.get("add_generation_prompt"),
                    () -> check(root, c, name)));
        }
        return tests;
    }

    private static void check(JsonNode root, JsonNode c, String name) throws Exception {
        String source = name.equals("qwen3") ? qwen3Source() : root.get("templates").get(name).asText();
        ChatTemplate template = new ChatTemplate(source, Map.of("bos_token", "<s>", "eos_token", "</s>"));
        List<?> messages = JSON.convertValue(c.get("messages"), List.class);
        boolean agp = c.get("add_generation_prompt").asBoolean();
        if (c.get("error").isNull()) {
            assertThat(template.render(messages, agp)).isEqualTo(c.get("expected").asText());
        } else {
            assertThatThrownBy(() -> template.render(messages, agp)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(c.get("error").asText());
        }
    }

    private static String qwen3Source() throws Exception {
        JsonNode config = JSON.readTree(Files.readString(TestTokenizers.qwen3Dir().resolve("tokenizer_config.json")));
        return config.get("chat_template").asText();
    }

    @Test
    void rendersConcurrentlyAsTheSimulatorsEventLoopsDo() throws Exception {
        ChatTemplate template = new ChatTemplate(qwen3Source(), Map.of());
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                String content = "message " + i + " " + "x".repeat(i);
                results.add(pool.submit(() -> template.render(List.of(Map.of("role", "user", "content", content)), true)
                        .equals("<|im_start|>user\n" + content + "<|im_end|>\n<|im_start|>assistant\n")));
            }
            for (java.util.concurrent.Future<Boolean> r : results) {
                assertThat(r.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void dialectRewritesSlicesAndNamespaceArguments() {
        assertThat(TemplateDialect.rewrite("{% for m in messages[::-1] %}")).isEqualTo("{% for m in messages|reverse %}");
        assertThat(TemplateDialect.rewrite("{{ messages[1:] }}{{ s[:-2] }}"))
                .isEqualTo("{{ messages|pyslice('1','') }}{{ s|pyslice('','-2') }}");
        assertThat(TemplateDialect.rewrite("{% set ns = namespace(a=true, b=messages|length - 1) %}"))
                .isEqualTo("{% set ns = namespace(a=(true), b=(messages|length - 1)) %}");
        assertThat(TemplateDialect.rewrite("{{ '[1:2]' }}")).as("a slice-looking string literal stays").isEqualTo("{{ '[1:2]' }}");
    }

    @Test
    void pythonStringMethodsBehaveAsInPython() {
        assertThat(PythonMethods.strip("\n\nx y\n", "\n", true, false)).isEqualTo("x y\n");
        assertThat(PythonMethods.strip("  x  ", null, true, true)).isEqualTo("x");
        assertThat(PythonMethods.split("a</think>b</think>c", "</think>", -1)).containsExactly("a", "b", "c");
        assertThat(PythonMethods.split("  a  b ", null, -1)).containsExactly("a", "b");
        assertThat(PythonMethods.stringMethod("Hello", "startswith", new Object[] {"He"})).isEqualTo(true);
    }
}
