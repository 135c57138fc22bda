package dev.barrage.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static dev.barrage.cli.DatasetCliTest.NOWHERE;
import static dev.barrage.cli.DatasetCliTest.assertOneLineError;

/**
 * flickr8k and kontext_bench on the command line: a missing or bad --dataset-path is one line,
 * exit code 2, before any request (the URL is a closed port: a request would be exit code 3).
 */
class ImageDatasetCliTest {
    @TempDir
    Path dir;

    @Test
    void withoutDatasetPathTheErrorNamesTheHubDatasetAndItsFiles() {
        assertOneLineError(MainTest.run("perf", "--url", NOWHERE, "--model", "m", "--dataset", "flickr8k"),
                "clip-benchmark/wds_flickr8k", "test/*.tar", "--dataset-path");
        assertOneLineError(MainTest.run("perf", "--url", NOWHERE, "--model", "m", "--dataset", "kontext_bench"),
                "black-forest-labs/kontext-bench", "test/metadata.jsonl", "--dataset-path");
    }

    @Test
    void badFilesAreOneLineNamingFileAndLine() throws Exception {
        Path notTar = Files.writeString(dir.resolve("0.tar"), "plain text");
        assertOneLineError(MainTest.run("perf", "--url", NOWHERE, "--model", "m", "--dataset", "flickr8k",
                "--dataset-path", notTar.toString()), "'" + notTar + "'", "is not a tar file");
        Path metadata = Files.writeString(dir.resolve("metadata.jsonl"), "{\"file_name\": \"images/0000.jpg\","
                + " \"instruction\": \"x\"}\n");
        assertOneLineError(MainTest.run("perf", "--url", NOWHERE, "--model", "m", "--dataset", "kontext_bench",
                "--dataset-path", metadata.toString()), "Malformed line 1 of '" + metadata + "'", "does not exist");
    }
}
