package dev.trellis.bench;

import dev.trellis.bench.engines.TrellisDriver;
import dev.trellis.bench.workloads.Workloads;
import dev.trellis.engine.link.Component;
import dev.trellis.engine.runtime.Func;
import dev.trellis.engine.runtime.Instance;
import dev.trellis.engine.runtime.Lift;
import dev.trellis.engine.runtime.Lower;
import dev.trellis.engine.runtime.TypedFunc;
import dev.trellis.engine.runtime.Val;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
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
 * Canonical ABI throughput in the reference engine ({@code workloads/wat/payloads.wat}):
 * {@code size} bytes passed into the guest as a {@code list<u8>} or a {@code string} (and back,
 * for the echo methods), and a {@code list<record {x: u32, y: u64, z: f64}>} of
 * {@code size / 24} elements through the dynamic {@link Val} API. The guest only looks at
 * the first and last element, so the time is the ABI's: allocation through {@code realloc},
 * copying and transcoding. {@link JdkBench} measures {@code System.arraycopy} and
 * {@code new String} of the same sizes in the same run as ceilings.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class AbiBench {
  @Param("trellis")
  public String runtime;

  @Param("65536")
  public int size;

  TypedFunc<byte[], Integer> bytesLen;
  TypedFunc<byte[], byte[]> echoBytes;
  TypedFunc<String, Integer> stringLen;
  TypedFunc<String, String> echoString;
  Func pointsLen;
  byte[] bytes;
  String string;
  Val points;

  @Setup
  public void setup() {
    TrellisDriver d = runtime.equals("trellis-compiler") ? TrellisDriver.compiler() : TrellisDriver.interpreter();
    Component c = (Component) d.compile(d.compileInput(Workloads.payloads()));
    Instance inst = (Instance) d.instantiate(c);
    bytesLen = inst.typedFunc("bytes-len", Lower.params(Lower.bytes()), Lift.u32());
    echoBytes = inst.typedFunc("echo-bytes", Lower.params(Lower.bytes()), Lift.bytes());
    stringLen = inst.typedFunc("string-len", Lower.params(Lower.string()), Lift.u32());
    echoString = inst.typedFunc("echo-string", Lower.params(Lower.string()), Lift.string());
    pointsLen = inst.func("points-len");
    bytes = payload(size);
    string = new String(bytes, StandardCharsets.ISO_8859_1);
    int n = Math.max(1, size / 24);
    List<Val> ps = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      ps.add(new Val.RecordOf(List.of(new Val.Field("x", new Val.U32(i)), new Val.Field("y", new Val.U64(i * 3L)),
          new Val.Field("z", new Val.F64(i / 2.0)))));
    }
    points = new Val.ListOf(ps);
    // correctness: the guest sees what was sent, and what comes back is what was sent
    int expected = size + (bytes[0] & 0xff) + (bytes[size - 1] & 0xff);
    check("bytes-len", bytesLen.call(bytes), expected);
    check("string-len", stringLen.call(string), size + (bytes[0] & 0xff));
    check("points-len", (int) ((Val.U32) pointsLen.call(points)).value(), n + 0 + (n - 1));
    if (!java.util.Arrays.equals(echoBytes.call(bytes), bytes) || !echoString.call(string).equals(string)) {
      throw new Verify.WrongResult(runtime + ": echo-bytes/echo-string did not return their argument");
    }
  }

  /** {@code size} ASCII bytes (so a string of them is as long in UTF-8). */
  static byte[] payload(int size) {
    byte[] b = new byte[Math.max(1, size)];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) ('a' + i % 26);
    }
    return b;
  }

  private void check(String what, int got, int expected) {
    if (got != expected) {
      throw new Verify.WrongResult(runtime + ": " + what + " returned " + got + ", expected " + expected);
    }
  }

  /** list<u8> host → guest. */
  @Benchmark
  public int bytesIn() {
    return bytesLen.call(bytes);
  }

  /** list<u8> host → guest → host. */
  @Benchmark
  public byte[] bytesEcho() {
    return echoBytes.call(bytes);
  }

  /** string host → guest (UTF-16 → UTF-8 transcoding, Java strings being UTF-16/Latin-1). */
  @Benchmark
  public int stringIn() {
    return stringLen.call(string);
  }

  /** string host → guest → host. */
  @Benchmark
  public String stringEcho() {
    return echoString.call(string);
  }

  /** list<record> host → guest, dynamic API. */
  @Benchmark
  public Val pointsIn() {
    return pointsLen.call(points);
  }
}
