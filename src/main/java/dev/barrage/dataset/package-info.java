/**
 * Prompt sources: the built-in prompts, {@code openqa}, {@code line_by_line} and
 * {@code --prompt}. Loaded completely on the main thread before the first request, so that any
 * problem with a file is reported (exit code 2) before anything is sent; immutable afterwards.
 */
package dev.barrage.dataset;
