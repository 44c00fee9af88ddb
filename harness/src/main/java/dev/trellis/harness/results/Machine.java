package dev.trellis.harness.results;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The fingerprint of the machine a measurement was taken on: comparing numbers across
 * different fingerprints is not meaningful, and the report says so.
 *
 * @param cpu the CPU model name, e.g. from {@code /proc/cpuinfo}
 * @param cores the processors available to the JVM
 * @param jdk the JDK vendor and version
 * @param os the operating system name, version and architecture
 * @param runtimeVersions the version of each runtime measured, by runtime id
 */
public record Machine(String cpu, int cores, String jdk, String os, Map<String, String> runtimeVersions) {

  public Machine {
    cpu = cpu == null ? "unknown" : cpu;
    jdk = jdk == null ? "unknown" : jdk;
    os = os == null ? "unknown" : os;
    runtimeVersions = runtimeVersions == null ? Map.of() : Map.copyOf(new TreeMap<>(runtimeVersions));
  }

  /** This machine, with no runtime versions yet. */
  public static Machine current() {
    return new Machine(cpuModel(), Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.vendor", "?") + " " + Runtime.version(),
        System.getProperty("os.name", "?") + " " + System.getProperty("os.version", "?") + " "
            + System.getProperty("os.arch", "?"),
        Map.of());
  }

  /** A copy that also records {@code runtime}'s version. */
  public Machine withRuntimeVersion(String runtime, String version) {
    Map<String, String> m = new TreeMap<>(runtimeVersions);
    m.put(runtime, version);
    return new Machine(cpu, cores, jdk, os, m);
  }

  /** Whether numbers taken on {@code other} are comparable with ours (same CPU, cores, OS). */
  public boolean comparableWith(Machine other) {
    return other != null && cpu.equals(other.cpu) && cores == other.cores && os.equals(other.os);
  }

  private static String cpuModel() {
    Path info = Path.of("/proc/cpuinfo");
    if (Files.isReadable(info)) {
      try {
        for (String line : Files.readAllLines(info)) {
          String l = line.toLowerCase(Locale.ROOT);
          if (l.startsWith("model name") || l.startsWith("hardware") || l.startsWith("cpu model")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
              return line.substring(colon + 1).trim();
            }
          }
        }
      } catch (IOException | RuntimeException e) {
        // fall through to the JVM's view
      }
    }
    return System.getProperty("os.arch", "unknown");
  }
}
