/**
 * Result files: the output folders ({@link dev.barrage.store.OutputLayout}), the SQLite
 * {@code benchmark_data.db} ({@link dev.barrage.store.ResultStore}, batched, WAL) and the JSON
 * files (written atomically); and reading them back: {@link dev.barrage.store.ResultReader} turns
 * a database into records again (opened read-only), {@link dev.barrage.store.StepFolder} finds a
 * sweep's step folders and their load. Imports neither Netty nor picocli. The database is written
 * only by a run's collector thread and read on the main thread after the run; times are stored in
 * seconds, as evalscope stores them, and read back into whole nanoseconds.
 */
package dev.barrage.store;
