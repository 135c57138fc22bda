package dev.barrage.tokenizer;

import com.sun.net.httpserver.HttpServer;
import dev.barrage.BarrageException;
import dev.barrage.ExitCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The hub download code against a loopback server that serves files at the hub's URLs
 * ({@code /<repo>/resolve/main/<file>}, datasets under {@code /datasets/}), and the offline error
 * against a port nothing listens on (the real hub is not reachable from here).
 */
class HubFilesTest {
    @TempDir
    Path cache;

    @Test
    void downloadsATokenizerOnceIntoTheCache() throws Exception {
        Path qwen = TestTokenizers.qwen3Dir();
        List<String> requested = new CopyOnWriteArrayList<>();
        HttpServer hub = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hub.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            requested.add(path);
            String file = path.substring(path.lastIndexOf('/') + 1);
            Path local = qwen.resolve(file);
            boolean found = path.startsWith("/Qwen/Qwen3-Test/resolve/main/") && Files.isRegularFile(local);
            exchange.sendResponseHeaders(found ? 200 : 404, found ? Files.size(local) : -1);
            if (found) {
                try (OutputStream out = exchange.getResponseBody()) {
                    Files.copy(local, out);
                }
            }
            exchange.close();
        });
        hub.start();
        try {
            HubFiles files = new HubFiles("http://127.0.0.1:" + hub.getAddress().getPort(), cache, null);
            Tokenizer t = Tokenizers.load("Qwen/Qwen3-Test", files);
            assertThat(t.count("Hello, world!")).isEqualTo(4);
            assertThat(t.chatTemplate()).as("tokenizer_config.json came along").isPresent();
            assertThat(files.cached(HubFiles.Kind.MODEL, "Qwen/Qwen3-Test", "tokenizer.json")).exists();
            assertThat(requested).contains("/Qwen/Qwen3-Test/resolve/main/tokenizer.json",
                    "/Qwen/Qwen3-Test/resolve/main/tokenizer_config.json",
                    "/Qwen/Qwen3-Test/resolve/main/chat_template.jinja");
            int before = requested.size();
            files.fetch(HubFiles.Kind.MODEL, "Qwen/Qwen3-Test", "tokenizer.json", true, "");
            assertThat(requested).as("a cached file is not fetched again").hasSize(before);
            assertThatThrownBy(() -> files.fetch(HubFiles.Kind.DATASET, "a/b", "x.jsonl", true, "Use --dataset-path."))
                    .hasMessageContaining("HTTP 404").hasMessageContaining("Use --dataset-path.");
            assertThat(requested).contains("/datasets/a/b/resolve/main/x.jsonl");
        } finally {
            hub.stop(0);
        }
    }

    @Test
    void offlineIsOneClearLineAskingForALocalPath() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        HubFiles offline = new HubFiles("http://127.0.0.1:" + closedPort, cache, null);
        assertThatThrownBy(() -> Tokenizers.load("Org/Some-Model", offline))
                .isInstanceOf(BarrageException.class)
                .satisfies(e -> assertThat(((BarrageException) e).exitCode()).isEqualTo(ExitCode.INVALID_INPUT))
                .hasMessageContaining("Cannot download 'tokenizer.json' of model 'Org/Some-Model'")
                .hasMessageContaining("connection refused")
                .hasMessageContaining("pass a local model folder or tokenizer.json to --tokenizer-path");
    }
}
