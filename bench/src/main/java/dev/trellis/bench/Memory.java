package dev.trellis.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/** Heap after GC, and resident set sizes from {@code /proc}. */
final class Memory {
  private Memory() {}

  /** Used heap after full collections, once it stops shrinking (at most a handful of GCs). */
  static long heapAfterGc() {
    long last = Long.MAX_VALUE;
    for (int i = 0; i < 6; i++) {
      System.gc();
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
      if (used >= last - 4096 && i >= 2) {
        return Math.min(used, last);
      }
      last = Math.min(last, used);
    }
    return last;
  }

  /** A process's resident set size in bytes ({@code VmRSS}), if {@code /proc} says. */
  static OptionalLong rss(long pid) {
    Path status = Path.of("/proc", Long.toString(pid), "status");
    try {
      for (String line : Files.readAllLines(status)) {
        if (line.startsWith("VmRSS:")) {
          String kb = line.substring(6).trim().split("\\s+")[0];
          return OptionalLong.of(Long.parseLong(kb) * 1024);
        }
      }
    } catch (IOException | RuntimeException e) {
      // gone, or no /proc
    }
    return OptionalLong.empty();
  }

  /** This JVM's resident set size. */
  static long selfRss() {
    return rss(ProcessHandle.current().pid()).orElse(0);
  }

  /** The summed RSS of every process this JVM started (and theirs): the process runtimes' memory. */
  static long descendantsRss() {
    long sum = 0;
    for (ProcessHandle h : descendants()) {
      sum += rss(h.pid()).orElse(0);
    }
    return sum;
  }

  static List<ProcessHandle> descendants() {
    List<ProcessHandle> out = new ArrayList<>();
    ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).forEach(out::add);
    return out;
  }

  /** Whether RSS can be read here. */
  static boolean rssAvailable() {
    return rss(ProcessHandle.current().pid()).isPresent();
  }
}
