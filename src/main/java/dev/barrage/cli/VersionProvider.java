package dev.barrage.cli;

import dev.barrage.Version;
import picocli.CommandLine;

/** {@code --version}: Barrage's version and the JVM it runs on. */
public final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {"barrage " + Version.get(),
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"};
    }
}
