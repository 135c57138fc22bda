/**
 * Result files: the output folders ({@link dev.barrage.store.OutputLayout}), the SQLite
 * {@code benchmark_data.db} ({@link dev.barrage.store.ResultStore}, batched, WAL) and the JSON
 * files (written atomically). Imports neither Netty nor picocli. The database is written only by
 * a run's collector thread; times are stored in seconds, as evalscope stores them.
 */
package dev.barrage.store;
