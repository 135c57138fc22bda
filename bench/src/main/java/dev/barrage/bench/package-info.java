/**
 * Benchmarks of Barrage itself, never part of the jar or the unit tests (Maven profile
 * {@code bench}, driven by {@code bench/run.sh}): JMH for the per-event SSE and JSON work and for
 * metric aggregation, and {@link dev.barrage.bench.SseFuzz}, the long fuzz run of the SSE decoder
 * and event handling. Units are in the names and the JMH annotations.
 */
package dev.barrage.bench;
