package dev.barrage.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Every credential a run is configured with, so whatever a server sends back can be scrubbed of
 * them before it is stored: the API key, values of credential-like headers, user:password and
 * secret query values of every URL flag, and the visualizers' keys.
 */
public final class Secrets {
    private Secrets() {
    }

    public static List<String> of(Arguments a) {
        List<String> secrets = new ArrayList<>();
        addIfSet(secrets, a.apiKey());
        for (Map.Entry<String, String> h : a.headers().entrySet()) {
            if (Arguments.isSecretHeader(h.getKey())) {
                addIfSet(secrets, h.getValue());
            }
        }
        for (String url : new String[] {a.url(), a.mlflowTrackingUri(), a.swanlabHost()}) {
            secrets.addAll(UrlCredentials.of(url));
        }
        addIfSet(secrets, a.wandbApiKey());
        if (!"local".equals(a.swanlabApiKey())) {
            addIfSet(secrets, a.swanlabApiKey());
        }
        return secrets;
    }

    private static void addIfSet(List<String> secrets, String value) {
        if (value != null && !value.isEmpty()) {
            secrets.add(value);
        }
    }
}
