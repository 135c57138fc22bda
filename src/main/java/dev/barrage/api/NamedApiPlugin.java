package dev.barrage.api;

import java.util.function.Function;

/**
 * An {@link ApiPlugin} that is just a name, a usual path and an adapter constructor — what most
 * APIs are. A built-in registers a subclass with a no-argument constructor (ServiceLoader needs
 * one), e.g. {@code public static final class Plugin extends NamedApiPlugin { public Plugin() {
 * super("sglang", "/generate", SglangAdapter::new); } }}.
 */
public abstract class NamedApiPlugin implements ApiPlugin {
    private final String name;
    private final String defaultPath;
    private final Function<ApiContext, ApiAdapter> adapter;

    protected NamedApiPlugin(String name, String defaultPath, Function<ApiContext, ApiAdapter> adapter) {
        this.name = name;
        this.defaultPath = defaultPath;
        this.adapter = adapter;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final String defaultPath() {
        return defaultPath;
    }

    @Override
    public final ApiAdapter create(ApiContext context) {
        return adapter.apply(context);
    }
}
