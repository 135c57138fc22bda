/**
 * What a run is asked to do: {@link dev.barrage.config.Arguments} (evalscope's names, immutable,
 * validated once before anything is sent) and {@link dev.barrage.config.Defaults} (every default,
 * in one place). Durations given by the user are in seconds, as on evalscope's command line.
 * Immutable, so safe from any thread.
 */
package dev.barrage.config;
