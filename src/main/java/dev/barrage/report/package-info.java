/**
 * What people read: console tables in evalscope's layout, the sweep's suggestions, progress lines
 * and {@code benchmark.log} ({@link dev.barrage.report.Console}, thread-safe). Number formatting
 * never depends on the locale. Imports neither Netty nor picocli.
 */
package dev.barrage.report;
