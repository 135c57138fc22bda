package dev.barrage.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.barrage.BarrageException;
import dev.barrage.config.FiniteNumbers;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code --config run.yaml}: a YAML or JSON file whose keys are the perf flags (snake_case as in
 * evalscope's {@code Arguments}, or kebab-case). The file's values are turned into flags and
 * parsed by picocli like typed ones, so conversion and validation are the same; a flag given on
 * the command line wins over the file's value for that key.
 */
final class ConfigFile {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();

    private ConfigFile() {
    }

    /** Parses the command again with the file's values merged in, and runs it. */
    static int reparseWith(Path file, CommandSpec spec) {
        CommandLine.ParseResult cli = spec.commandLine().getParseResult();
        Set<String> onCommandLine = cli.matchedOptions().stream().map(OptionSpec::longestName).collect(Collectors.toSet());
        List<String> merged = new ArrayList<>(toFlags(read(file), file, spec, onCommandLine));
        merged.addAll(PerfCommand.withoutConfig(ownArgs(cli.originalArgs(), spec.name())));
        CommandLine line = PerfCommand.newCommandLine();
        try {
            line.parseArgs(merged.toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            throw BarrageException.invalidInput(e.getMessage() + " (in config file '" + file + "' or on the command line)");
        }
        PerfCommand command = line.getCommand();
        command.configMerged = true;
        command.apiKeyTypedBeforeMerge = onCommandLine.contains("--api-key");
        // Main's error handler looks at the command it started; let it see --debug from the file.
        ((PerfCommand) spec.userObject()).debug |= command.debug;
        return command.call();
    }

    /**
     * The tokens after the subcommand's name: the top command takes no option with a value, so
     * the first token equal to the name is the subcommand.
     */
    static List<String> ownArgs(List<String> original, String subcommand) {
        int at = original.indexOf(subcommand);
        return at < 0 ? original : original.subList(at + 1, original.size());
    }

    static Map<String, Object> read(Path file) {
        if (!java.nio.file.Files.isRegularFile(file)) {
            throw BarrageException.invalidInput("Cannot read '" + file + "' given to '--config': no such file.");
        }
        try {
            Object root = YAML.readValue(file.toFile(), Object.class);
            if (root instanceof Map<?, ?> map) {
                @SuppressWarnings("unchecked")
                Map<String, Object> typed = (Map<String, Object>) map;
                return typed;
            }
            throw BarrageException.invalidInput("The config file '" + file + "' (--config) must hold a mapping of"
                    + " flag names to values, e.g. 'parallel: [1, 10]'.");
        } catch (IOException e) {
            String where = e instanceof JsonProcessingException j && j.getLocation() != null
                    ? " at line " + j.getLocation().getLineNr() : "";
            // YAML's .nan and .inf: the parser's own words do not say what to do
            String hint = e.getMessage().startsWith("Malformed numeric value '")
                    ? " (NaN and infinities are not settings: give a finite number)" : "";
            throw BarrageException.invalidInput("Cannot parse the config file '" + file + "' (--config)" + where + ": "
                    + e.getMessage().lines().findFirst().orElse("") + hint + ".");
        }
    }

    /** Flags for the file's keys that the command line did not set. */
    static List<String> toFlags(Map<String, Object> values, Path file, CommandSpec spec, Set<String> onCommandLine) {
        List<String> flags = new ArrayList<>();
        for (Map.Entry<String, Object> e : values.entrySet()) {
            String flag = "--" + e.getKey().replace('_', '-');
            OptionSpec option = spec.findOption(flag);
            if (option == null || flag.equals("--config") || flag.equals("--help") || flag.equals("--version")) {
                throw BarrageException.invalidInput("Unknown key '" + e.getKey() + "' in config file '" + file
                        + "': keys are the perf flags without dashes, e.g. max_tokens or max-tokens.");
            }
            if (onCommandLine.contains(option.longestName()) || e.getValue() == null) {
                continue;
            }
            String nonFinite = FiniteNumbers.firstNonFinite(e.getValue());
            if (nonFinite != null) {
                // caught here: inside a mapping it would become the JSON string "NaN" and be sent as such
                throw BarrageException.invalidInput("Invalid value '" + nonFinite + "' for key '" + e.getKey()
                        + "' in config file '" + file + "': should be a finite number, not NaN or an infinity.");
            }
            addFlags(flags, option, e.getValue());
        }
        return flags;
    }

    private static void addFlags(List<String> flags, OptionSpec option, Object value) {
        String name = option.longestName();
        if (option.type() == boolean.class || option.type() == Boolean.class) {
            boolean on = Boolean.parseBoolean(String.valueOf(value));
            if (option.negatable()) {
                flags.add(on ? name : name.replaceFirst("^--", "--no-"));
            } else if (on) {
                flags.add(name);
            }
        } else if (value instanceof Map<?, ?> map && Map.class.isAssignableFrom(option.type())) {
            map.forEach((k, v) -> flags.add(name + "=" + k + "=" + v));
        } else if (value instanceof Map<?, ?> || value instanceof List<?> && !option.isMultiValue()) {
            flags.add(name + "=" + toJson(value));
        } else if (value instanceof List<?> list) {
            list.forEach(v -> flags.add(name + "=" + v));
        } else {
            flags.add(name + "=" + value);
        }
    }

    private static String toJson(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
