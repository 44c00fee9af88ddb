package dev.trellis.bench;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The JDK's own ceilings for {@link AbiBench}, measured in the same run: copying {@code size}
 * bytes with {@code System.arraycopy}, decoding them into a {@code String}, encoding a
 * {@code String} of that many characters to UTF-8.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class JdkBench {
  @Param("65536")
  public int size;

  byte[] src;
  byte[] dst;
  String string;

  @Setup
  public void setup() {
    src = AbiBench.payload(size);
    dst = new byte[src.length];
    string = new String(src, StandardCharsets.ISO_8859_1);
  }

  @Benchmark
  public byte[] arraycopy() {
    System.arraycopy(src, 0, dst, 0, src.length);
    return dst;
  }

  @Benchmark
  public String newString() {
    return new String(src, StandardCharsets.UTF_8);
  }

  @Benchmark
  public byte[] getBytes() {
    return string.getBytes(StandardCharsets.UTF_8);
  }
}
