package dev.trellis.engine.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.trellis.engine.binary.Component;
import dev.trellis.engine.binary.ComponentDecoder;
import dev.trellis.engine.binary.SuiteCorpus;
import dev.trellis.engine.error.InvalidException;
import dev.trellis.engine.error.MalformedException;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Validation never throws anything but {@link InvalidException} (or {@link MalformedException}
 * for an embedded core module's bytes), never reports an internal error and never hangs —
 * over the suites' components corrupted two ways (fixed seeds): byte corruptions that still
 * decode, and AST corruptions that change one integer (an index, a count, a length) anywhere
 * in the tree, which reach the validator's rules far more often.
 */
class ValidatorRobustnessTest {
  static final int BYTE_MUTANTS = 4_000;
  static final int AST_MUTANTS = 3_000;
  private static final String REJECTED = "rejected";

  static List<Component> corpus() {
    List<Component> out = new ArrayList<>();
    for (SuiteCorpus.Form f : SuiteCorpus.ownBinaries()) {
      try {
        out.add(ComponentDecoder.decode(f.bytes()));
      } catch (MalformedException e) {
        // some assert_invalid forms are malformed for this decoder
      }
    }
    return out;
  }

  /** Validates under every feature, so that gated rules are reached too: null, "rejected" or a failure. */
  private static String check(Component c) {
    try {
      Validator.validate(c, Features.ALL);
      return null;
    } catch (InvalidException e) {
      if (e.getMessage().contains("internal validator error")) {
        java.io.StringWriter w = new java.io.StringWriter();
        e.getCause().printStackTrace(new java.io.PrintWriter(w));
        return e.getMessage() + "\n" + w.toString().lines().limit(6).reduce("", (a, b) -> a + "\n" + b);
      }
      return REJECTED;
    } catch (MalformedException e) {
      return REJECTED;
    } catch (Throwable t) {
      return t.toString();
    }
  }

  @Test
  void byteCorruptionsFailCleanly() {
    List<byte[]> corpus = SuiteCorpus.ownBinaries().stream().map(SuiteCorpus.Form::bytes).toList();
    assertThat(corpus).hasSizeGreaterThan(1000);
    SplittableRandom rnd = new SplittableRandom(0x5a11d);
    List<String> failures = new ArrayList<>();
    int[] validated = new int[1];
    assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
      for (int i = 0; i < BYTE_MUTANTS; i++) {
        byte[] b = corpus.get(rnd.nextInt(corpus.size())).clone();
        int at = 8 + rnd.nextInt(Math.max(1, b.length - 8));
        if (at < b.length) {
          b[at] = (byte) rnd.nextInt(256);
        }
        Component c;
        try {
          c = ComponentDecoder.decode(b);
        } catch (MalformedException e) {
          continue;
        }
        validated[0]++;
        String f = check(c);
        if (f != null && f != REJECTED) {
          failures.add(f);
        }
      }
    }, "validating corrupted components took over 120 s (a hang?)");
    assertThat(failures).isEmpty();
    assertThat(validated[0]).as("corruptions that still decode").isGreaterThan(300);
  }

  @Test
  void astCorruptionsFailCleanly() {
    List<Component> corpus = corpus();
    assertThat(corpus).hasSizeGreaterThan(1000);
    SplittableRandom rnd = new SplittableRandom(0xa57);
    List<String> failures = new ArrayList<>();
    int[] rejected = new int[1];
    assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
      for (int i = 0; i < AST_MUTANTS; i++) {
        Component c = corpus.get(rnd.nextInt(corpus.size()));
        int ints = countInts(c);
        if (ints == 0) {
          continue;
        }
        int target = rnd.nextInt(ints);
        int value = switch (rnd.nextInt(4)) {
          case 0 -> rnd.nextInt(4);
          case 1 -> rnd.nextInt(64);
          case 2 -> -1 - rnd.nextInt(3);
          default -> Integer.MAX_VALUE - rnd.nextInt(3);
        };
        Component m = (Component) replaceInt(c, new int[] {target}, value);
        String f = check(m);
        if (f == REJECTED) {
          rejected[0]++;
        } else if (f != null) {
          failures.add(f + " (corrupted int #" + target + " := " + value + ")");
        }
      }
    }, "validating corrupted components took over 120 s (a hang?)");
    assertThat(failures).isEmpty();
    assertThat(rejected[0]).as("AST corruptions rejected").isGreaterThan(AST_MUTANTS / 4);
  }

  // ---- generic integer corruption of the AST records ----

  private static boolean mutable(RecordComponent rc) {
    return rc.getType() == int.class && !rc.getName().equals("offset");
  }

  static int countInts(Object node) {
    if (node instanceof List<?> l) {
      int n = 0;
      for (Object o : l) {
        n += countInts(o);
      }
      return n;
    }
    if (node == null || !node.getClass().isRecord()) {
      return 0;
    }
    int n = 0;
    for (RecordComponent rc : node.getClass().getRecordComponents()) {
      try {
        Object v = rc.getAccessor().invoke(node);
        n += mutable(rc) ? 1 : countInts(v);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
    }
    return n;
  }

  /** A copy of {@code node} with its {@code left[0]}-th integer (depth first) set to {@code value}. */
  static Object replaceInt(Object node, int[] left, int value) {
    if (left[0] < 0) {
      return node;
    }
    if (node instanceof List<?> l) {
      List<Object> out = new ArrayList<>(l.size());
      for (Object o : l) {
        out.add(replaceInt(o, left, value));
      }
      return out;
    }
    if (node == null || !node.getClass().isRecord()) {
      return node;
    }
    RecordComponent[] rcs = node.getClass().getRecordComponents();
    Object[] args = new Object[rcs.length];
    Class<?>[] types = new Class<?>[rcs.length];
    try {
      for (int i = 0; i < rcs.length; i++) {
        types[i] = rcs[i].getType();
        Object v = rcs[i].getAccessor().invoke(node);
        if (mutable(rcs[i]) && left[0] >= 0) {
          if (left[0] == 0) {
            v = value;
          }
          left[0]--;
        } else {
          v = replaceInt(v, left, value);
        }
        args[i] = v;
      }
      Constructor<?> ctor = node.getClass().getDeclaredConstructor(types);
      ctor.setAccessible(true);
      return ctor.newInstance(args);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }
}
