package dev.barrage.api;

import dev.barrage.BarrageException;

import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * Finds the {@link ApiPlugin} for {@code --api}: the built-in ones and any on the class path,
 * through {@link ServiceLoader}, as datasets are found. An unknown name is an input error (exit
 * code 2) listing every known one, raised before anything is sent.
 */
public final class ApiPlugins {
    private ApiPlugins() {
    }

    /** Every API name with its plug-in (the first registered for a name wins: Barrage's own come first). */
    public static Map<String, ApiPlugin> all() {
        Map<String, ApiPlugin> byName = new TreeMap<>();
        for (ApiPlugin p : ServiceLoader.load(ApiPlugin.class, ApiPlugins.class.getClassLoader())) {
            byName.putIfAbsent(p.name(), p);
        }
        return byName;
    }

    /** The plug-in named {@code name}; throws an input error naming the known ones. */
    public static ApiPlugin find(String name) {
        Map<String, ApiPlugin> all = all();
        ApiPlugin plugin = all.get(name);
        if (plugin == null) {
            throw BarrageException.invalidInput("Invalid value '" + name + "' for option '--api': supported: "
                    + String.join(", ", all.keySet()) + " (or a plug-in of your own: see docs/extending.md).");
        }
        return plugin;
    }
}
