/**
 * Metric views: the figures other load testers would print for the same traffic, computed from
 * Barrage's per-request records ({@link dev.barrage.metrics.RequestRecord}: send, first byte and
 * end times, every token event's arrival, token counts, outcome) with each tool's own
 * definitions, as read in its source. One class per tool implements {@link
 * dev.barrage.metrics.views.MetricView}; {@link dev.barrage.metrics.views.MetricViews} names them.
 * The definitions, with the source file and function of each, and where the tools differ, are in
 * {@code docs/metrics.md} ("Metric views").
 *
 * <p>Threads: every view is stateless and computes from a list it does not keep. Units: records
 * hold nanoseconds; each view's JSON uses its tool's units (as its key names say).
 */
package dev.barrage.metrics.views;
