package dev.barrage.load;

import com.fasterxml.jackson.databind.JsonNode;
import dev.barrage.api.ApiBodies;
import dev.barrage.config.Arguments;
import dev.barrage.metrics.FailureMessages;
import dev.barrage.transport.ErrorType;
import dev.barrage.transport.HttpExchange;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;

import java.io.IOException;
import java.net.URI;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one connection-test answer means, and the line that says so. Only a server that may still
 * be starting (5xx, timeouts, a dropped connection) is worth asking again; every other answer is
 * final, so it is named at once — its status, content type or redirect target — with what to do.
 *
 * @param verdict what the connection test does next
 * @param detail  what came back and what to do, one line (server text flattened and truncated)
 */
record ProbeAnswer(Verdict verdict, String detail) {
    enum Verdict {
        /** A real answer: the run goes on. */
        PASS,
        /** The server is reachable, URL and key are right, but it rate-limits (429): the run goes on, warned. */
        WARN,
        /** Possibly a server still starting: ask again until the retry window ends. */
        RETRY,
        /** Asking again cannot help: stop with exit code 3. */
        FAIL
    }

    private static final Set<String> NO_CONNECTION = Set.of(ErrorType.CONNECTION_REFUSED, ErrorType.UNKNOWN_HOST,
            ErrorType.TLS, ErrorType.CONNECT_ERROR, ErrorType.INTERRUPTED);
    private static final Pattern HTML_TITLE = Pattern.compile("(?is)<title[^>]*>(.*?)</title>");

    static ProbeAnswer of(HttpExchange probe, String url, String api) {
        if (probe.success()) {
            return new ProbeAnswer(Verdict.PASS, "");
        }
        int status = probe.statusCode();
        if (NO_CONNECTION.contains(probe.errorType())) {
            return new ProbeAnswer(Verdict.FAIL, probe.error() + connectionHint(probe.errorType()));
        }
        if (status >= 200 && status < 300) {
            return okButNotAnApi(probe, api);
        }
        if (status >= 300 && status < 400) {
            return new ProbeAnswer(Verdict.FAIL, redirect(probe, url));
        }
        if (status == 0) {
            // no answer at all (timeouts, a dropped connection): perhaps a server still starting
            return new ProbeAnswer(Verdict.RETRY, probe.error() + ".");
        }
        String answered = statusLine(status) + serverText(probe);
        return switch (status) {
            case 401, 403 -> new ProbeAnswer(Verdict.FAIL, answered + ". Check --api-key or the credentials in --headers.");
            case 404, 405 -> new ProbeAnswer(Verdict.FAIL, answered + ". Check the path in --url (e.g."
                    + " /v1/chat/completions) and --model" + model(probe) + ".");
            case 429 -> new ProbeAnswer(Verdict.WARN, answered + retryAfter(probe) + ": the server is reachable but"
                    + " rate-limiting. The run goes on and its 429 answers count as failed requests; lower --rate or"
                    + " --parallel, or wait for the limit to reset.");
            default -> status >= 500
                    ? new ProbeAnswer(Verdict.RETRY, answered + ". The server kept failing for "
                            + ConnectionTest.RETRY_WINDOW_SECONDS + " s: is it still loading the model? Its log says why.")
                    : new ProbeAnswer(Verdict.FAIL, answered + ". The server rejected the test request: check --model"
                            + model(probe) + " and the body settings (--extra-args, --query-template).");
        };
    }

    /** A 2xx that is not an inference API's answer: a web page, or a body --api cannot read. */
    private static ProbeAnswer okButNotAnApi(HttpExchange probe, String api) {
        String answered = statusLine(probe.statusCode());
        if (ErrorType.SERVER_ERROR_EVENT.equals(probe.errorType())) {
            return new ProbeAnswer(Verdict.FAIL, answered + " with an error in the body: " + firstLine(probe.error())
                    + ". Check --model" + model(probe) + " and the body settings (--extra-args, --query-template).");
        }
        String type = header(probe, HttpHeaderNames.CONTENT_TYPE.toString());
        String lower = type == null ? "" : type.toLowerCase(Locale.ROOT);
        String title = htmlTitle(probe.error());
        String what = answered + (type == null ? " without a Content-Type" : " with Content-Type '" + type + "'")
                + (title != null ? " (\"" + title + "\")" : "");
        if (lower.contains("html") || title != null) {
            return new ProbeAnswer(Verdict.FAIL, what + ": a web page, not an inference API. Is --url the API's port"
                    + " and path (e.g. http://HOST:8000/v1/chat/completions)?");
        }
        if (lower.contains("json") || lower.startsWith("text/event-stream")) {
            return new ProbeAnswer(Verdict.FAIL, what + " that --api " + api + " cannot read: "
                    + FailureMessages.truncate(FailureMessages.oneLine(probe.error()))
                    + ". Check that --api matches the server, and the path in --url.");
        }
        return new ProbeAnswer(Verdict.FAIL, what + ": neither JSON nor an event stream, so not an inference API's"
                + " answer. Is --url the API's port and path (e.g. http://HOST:8000/v1/chat/completions)?");
    }

    private static String redirect(HttpExchange probe, String url) {
        String location = header(probe, HttpHeaderNames.LOCATION.toString());
        if (location == null || location.isBlank()) {
            return statusLine(probe.statusCode()) + " without a Location header. Barrage does not follow"
                    + " redirects: check the scheme, host, port and path in --url.";
        }
        String target;
        try {
            target = Arguments.maskUrl(URI.create(url).resolve(location.strip()).toString());
        } catch (IllegalArgumentException unparsable) {
            target = FailureMessages.truncate(FailureMessages.oneLine(location));
        }
        return statusLine(probe.statusCode()) + " to " + target + ". Barrage does not follow redirects:"
                + " use --url " + target;
    }

    private static String connectionHint(String errorType) {
        return switch (errorType) {
            case ErrorType.CONNECTION_REFUSED -> ". Is the server running and listening on that port?";
            case ErrorType.UNKNOWN_HOST -> ". Check the host name in --url.";
            case ErrorType.TLS -> ". Check the server's certificate, or use http:// if it does not speak TLS.";
            default -> ".";
        };
    }

    /** "HTTP 404 Not Found"; just "HTTP 599" where Netty knows no phrase (it would say "Server Error (599)"). */
    private static String statusLine(int status) {
        String reason = HttpResponseStatus.valueOf(status).reasonPhrase();
        return "HTTP " + status + (reason.isEmpty() || reason.endsWith("(" + status + ")") ? "" : " " + reason);
    }

    /**
     * ": " and the server's message: an HTML page's title, else the first line of its message,
     * flattened and truncated; empty when the server said nothing.
     */
    private static String serverText(HttpExchange probe) {
        String error = probe.error() == null ? "" : probe.error();
        String prefix = "HTTP " + probe.statusCode() + ": ";
        String text = error.startsWith(prefix) ? error.substring(prefix.length()) : error;
        String title = htmlTitle(text);
        String line = title != null ? title : firstLine(text);
        return line.isEmpty() ? "" : ": " + line;
    }

    private static String firstLine(String text) {
        return text.strip().lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst()
                .map(l -> FailureMessages.truncate(FailureMessages.oneLine(l))).orElse("");
    }

    private static String htmlTitle(String text) {
        Matcher m = HTML_TITLE.matcher(text == null ? "" : text);
        return m.find() && !m.group(1).isBlank() ? FailureMessages.truncate(FailureMessages.oneLine(m.group(1))) : null;
    }

    private static String retryAfter(HttpExchange probe) {
        String value = header(probe, HttpHeaderNames.RETRY_AFTER.toString());
        return value == null ? "" : " (Retry-After: " + FailureMessages.truncate(FailureMessages.oneLine(value)) + ")";
    }

    /** " ('name')", the model the probe asked for, when its body names one. */
    private static String model(HttpExchange probe) {
        try {
            JsonNode model = ApiBodies.JSON.readTree(probe.body()).path("model");
            return model.isTextual() ? " ('" + FailureMessages.truncate(FailureMessages.oneLine(model.asText())) + "')"
                    : "";
        } catch (IOException notJson) {
            return "";
        }
    }

    private static String header(HttpExchange probe, String name) {
        return probe.responseHeaders() == null ? null : probe.responseHeaders().get(name);
    }
}
