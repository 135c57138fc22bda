/**
 * {@code barrage dashboard}: a small web UI on loopback over an outputs folder. It lists the
 * sweeps found there, shows each one's report and compares any two, reading only what
 * {@code perf} wrote (the JSON files for the list, the databases for reports) and writing
 * nothing. Served by the JDK's {@code com.sun.net.httpserver} on one thread: requests are rare
 * and a report takes well under a second to build. Imports neither Netty nor picocli.
 */
package dev.barrage.dashboard;
