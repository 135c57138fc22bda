/**
 * The command line (picocli): {@code barrage}, {@code barrage perf}, {@code barrage sim}.
 *
 * <p>Commands only collect values and call into the other packages; validation rules live in
 * {@code config} so the CLI and the Java API share them. {@code --config} files are turned into
 * flags and parsed by picocli like typed ones. Runs on the main thread.
 */
package dev.barrage.cli;
