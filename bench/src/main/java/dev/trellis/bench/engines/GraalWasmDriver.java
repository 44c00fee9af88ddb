package dev.trellis.bench.engines;

import dev.trellis.bench.workloads.Workload;
import dev.trellis.engine.runtime.Val;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.io.ByteSequence;

/**
 * GraalWasm through the polyglot API, in a JMH fork started with GraalWasm on the module path
 * and the Graal compiler through JVMCI ({@code GraalWasmProvider.jvmOptions}); core modules.
 * GraalWasm parses and validates when a source is evaluated and compiles hot code later with
 * the Graal JIT, so "compile" is parse + validate into a fresh context ({@link Source} not
 * cached), "instantiate" a new context on the shared {@link Engine} evaluating the engine-cached
 * source and instantiating it (the context closed again by {@link #release}), and
 * "instantiate-cold" all of that on a new engine.
 *
 * <p>Loaded reflectively ({@link Drivers}), so forks without GraalWasm never touch polyglot.
 */
public final class GraalWasmDriver implements EngineDriver {
  private static final AtomicLong NAMES = new AtomicLong();
  private final Engine engine = Engine.newBuilder("wasm").option("engine.WarnInterpreterOnly", "false").build();

  /** A compiled artifact: the (engine-cached) source. */
  record Compiled(Source source) {}

  /** A live instance and the context holding it. */
  record Live(Context context, Value exports, Engine own) {}

  @Override
  public String runtime() {
    return "graalwasm";
  }

  @Override
  public boolean components() {
    return false;
  }


  @Override
  public String note(Phase p) {
    return switch (p) {
      case COMPILE -> "parse + validate into a fresh context; machine code comes later from the Graal JIT";
      case INSTANTIATE -> "new context on the shared engine, cached source, newInstance(), context closed";
      default -> null;
    };
  }

  /** The implementation name, which says whether Truffle compiles ("interpreted" if not). */
  public String mode() {
    return engine.getImplementationName();
  }

  @Override
  public Object decode(byte[] bytes) {
    throw new UnsupportedOperationException("GraalWasm decodes only while evaluating a source");
  }

  @Override
  public Object validate(Object decoded) {
    throw new UnsupportedOperationException("GraalWasm validates only while evaluating a source");
  }

  @Override
  public Object compileInput(byte[] bytes) {
    return bytes;
  }

  private static Source source(byte[] bytes, boolean cached) {
    try {
      return Source.newBuilder("wasm", ByteSequence.create(bytes), "m" + NAMES.incrementAndGet()).cached(cached).build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public Object compile(Object bytes) {
    Source s = source((byte[]) bytes, false);
    try (Context c = Context.newBuilder("wasm").engine(engine).build()) {
      c.eval(s);
    }
    return new Compiled(source((byte[]) bytes, true));
  }

  @Override
  public Object instantiate(Object compiled) {
    Context c = Context.newBuilder("wasm").engine(engine).build();
    Value module = c.eval(((Compiled) compiled).source());
    return new Live(c, module.newInstance().getMember("exports"), null);
  }

  @Override
  public void release(Object instance) {
    Live l = (Live) instance;
    l.context().close();
    if (l.own() != null) {
      l.own().close();
    }
  }

  @Override
  public Object instantiateCold(byte[] bytes) {
    Engine e = Engine.newBuilder("wasm").option("engine.WarnInterpreterOnly", "false").build();
    Context c = Context.newBuilder("wasm").engine(e).build();
    Value module = c.eval(source(bytes, false));
    return new Live(c, module.newInstance().getMember("exports"), e);
  }

  @Override
  public Caller caller(Object instance, Workload w) {
    Value f = ((Live) instance).exports().getMember(w.export());
    Object[] args = w.coreArgs().stream().map(v -> switch (v) {
      case Val.S32(int x) -> (Object) x;
      case Val.S64(long x) -> x;
      case Val.F32(float x) -> x;
      case Val.F64(double x) -> x;
      default -> throw new IllegalArgumentException("not a core value: " + v);
    }).toArray();
    List<Val> expected = w.coreResults();
    return new Caller() {
      @Override
      public Object call() {
        return f.execute(args);
      }

      @Override
      public List<Val> results() {
        Value r = f.execute(args);
        if (expected.isEmpty()) {
          return List.of();
        }
        return List.of(switch (expected.get(0)) {
          case Val.S32 x -> new Val.S32(r.asInt());
          case Val.S64 x -> new Val.S64(r.asLong());
          case Val.F32 x -> new Val.F32(r.asFloat());
          case Val.F64 x -> new Val.F64(r.asDouble());
          default -> throw new IllegalStateException("unexpected result type");
        });
      }
    };
  }

  @Override
  public void close() {
    engine.close(true);
  }
}
