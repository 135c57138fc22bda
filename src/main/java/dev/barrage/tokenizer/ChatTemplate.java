package dev.barrage.tokenizer;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.LegacyOverrides;
import com.hubspot.jinjava.el.JinjavaInterpreterResolver;
import com.hubspot.jinjava.interpret.RenderResult;
import com.hubspot.jinjava.interpret.TemplateError;
import com.hubspot.jinjava.lib.fn.ELFunctionDefinition;
import jinjava.javax.el.CompositeELResolver;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A model's chat template (the Jinja {@code chat_template} of {@code tokenizer_config.json}, or
 * {@code chat_template.jinja}), rendered the way {@code transformers.apply_chat_template} does:
 * {@code trim_blocks} and {@code lstrip_blocks} on, the special tokens ({@code bos_token},
 * {@code eos_token}, ...) and {@code add_generation_prompt} in the context, {@code raise_exception}
 * and {@code strftime_now} defined. Rendered by Jinjava, with {@link TemplateDialect} and
 * {@link PythonMethods} covering the Python-isms of HuggingFace templates.
 *
 * <p>Thread-safe: every render has its own interpreter.
 */
public final class ChatTemplate {
    private static final Jinjava JINJAVA = newEngine();
    /** Message of the {@code raise_exception} call of the render running on this thread. */
    private static final ThreadLocal<String> RAISED = new ThreadLocal<>();

    private final String template;
    private final Map<String, Object> specialTokens;

    /**
     * @param source        the Jinja source, as the model ships it
     * @param specialTokens values for {@code bos_token}, {@code eos_token} and the like
     */
    public ChatTemplate(String source, Map<String, String> specialTokens) {
        this.template = TemplateDialect.rewrite(source);
        this.specialTokens = Map.copyOf(specialTokens);
    }

    private static Jinjava newEngine() {
        CompositeELResolver resolver = new CompositeELResolver();
        resolver.add(new PythonMethods());
        resolver.add(JinjavaInterpreterResolver.DEFAULT_RESOLVER_READ_WRITE);
        Jinjava jinjava = new Jinjava(JinjavaConfig.newBuilder()
                .withTrimBlocks(true)
                .withLstripBlocks(true)
                .withElResolver(resolver)
                .withLegacyOverrides(LegacyOverrides.newBuilder()
                        .withParseWhitespaceControlStrictly(true)
                        .withUseTrimmingForNotesAndExpressions(true)
                        .withUseNaturalOperatorPrecedence(true)
                        .withUseSnakeCasePropertyNaming(true)
                        .build())
                .build());
        jinjava.getGlobalContext().registerFunction(new ELFunctionDefinition("", "raise_exception",
                ChatTemplate.class, "raiseException", String.class));
        jinjava.getGlobalContext().registerFunction(new ELFunctionDefinition("", "strftime_now",
                ChatTemplate.class, "strftimeNow", String.class));
        jinjava.getGlobalContext().registerFilter(new TemplateDialect.PySliceFilter());
        return jinjava;
    }

    /** {@code raise_exception(message)} of HF templates: the render fails with this message. */
    public static String raiseException(String message) {
        if (RAISED.get() == null) { // Jinjava renders on after an error: the first one is Jinja2's
            RAISED.set(message);
        }
        throw new IllegalStateException(message);
    }

    /** {@code strftime_now(format)} of HF templates (Llama 3.1+ print today's date). */
    public static String strftimeNow(String pythonFormat) {
        String javaFormat = pythonFormat.replace("%d", "dd").replace("%b", "MMM").replace("%B", "MMMM")
                .replace("%Y", "yyyy").replace("%m", "MM").replace("%y", "yy");
        return LocalDate.now().format(DateTimeFormatter.ofPattern(javaFormat, Locale.ENGLISH));
    }

    /**
     * The prompt text a server builds from {@code messages}.
     *
     * @param messages            chat messages as plain Java maps/lists/strings (JSON shapes)
     * @param addGenerationPrompt append the assistant's turn header, as servers do for a reply
     * @throws IllegalArgumentException with the template's own message when it refuses the
     *                                  messages ({@code raise_exception}) or cannot be rendered
     */
    public String render(List<?> messages, boolean addGenerationPrompt) {
        Map<String, Object> context = new HashMap<>(specialTokens);
        context.put("messages", messages);
        context.put("add_generation_prompt", addGenerationPrompt);
        RAISED.remove();
        RenderResult result = JINJAVA.renderForResult(template, context);
        String raised = RAISED.get();
        RAISED.remove();
        if (raised != null) {
            throw new IllegalArgumentException("the chat template refused the messages: " + raised);
        }
        for (TemplateError e : result.getErrors()) {
            if (e.getSeverity() == TemplateError.ErrorType.FATAL) {
                throw new IllegalArgumentException("the chat template cannot be rendered (line " + e.getLineno() + ": "
                        + e.getMessage() + ")");
            }
        }
        return result.getOutput();
    }
}
