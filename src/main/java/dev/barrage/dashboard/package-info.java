/**
 * {@code barrage dashboard}: a small web UI on loopback over an outputs folder. It lists the
 * sweeps found there, shows each one's report and compares any two, reading only what
 * {@code perf} wrote (the JSON files for the list, the databases for reports) and writing
 * nothing. Served by Netty (the simulator's transport) rather than the JDK's
 * {@code com.sun.net.httpserver}, whose request timeouts are JVM-wide system properties: here a
 * client stalling half-way through a request is closed after a timeout of this server's own and
 * never holds up the others. Imports no picocli.
 */
package dev.barrage.dashboard;
