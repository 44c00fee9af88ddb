package dev.trellis.engine.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trellis.engine.binary.Component;
import dev.trellis.engine.binary.ComponentDecoder;
import dev.trellis.engine.binary.ComponentEncoder;
import dev.trellis.engine.binary.PrimValType;
import dev.trellis.engine.error.InvalidException;
import dev.trellis.engine.validate.ComponentGen.Enm;
import dev.trellis.engine.validate.ComponentGen.Flg;
import dev.trellis.engine.validate.ComponentGen.Func;
import dev.trellis.engine.validate.ComponentGen.Lst;
import dev.trellis.engine.validate.ComponentGen.Opt;
import dev.trellis.engine.validate.ComponentGen.Prim;
import dev.trellis.engine.validate.ComponentGen.Rec;
import dev.trellis.engine.validate.ComponentGen.Ref;
import dev.trellis.engine.validate.ComponentGen.Spec;
import dev.trellis.engine.validate.ComponentGen.Tup;
import dev.trellis.engine.validate.ComponentGen.Ty;
import dev.trellis.engine.validate.ComponentGen.ValDef;
import dev.trellis.engine.validate.ComponentGen.Var;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Properties of the validator over generated components: every component the generator
 * builds validates (and survives an encode/decode round trip unchanged in validity), and a
 * single mutation breaking a named rule is rejected with that rule's error.
 */
class ValidatorPropertiesTest {

  private static final PrimValType[] PRIMS = {
    PrimValType.BOOL, PrimValType.S8, PrimValType.U8, PrimValType.S16, PrimValType.U16, PrimValType.S32,
    PrimValType.U32, PrimValType.S64, PrimValType.U64, PrimValType.F32, PrimValType.F64, PrimValType.CHAR,
    PrimValType.STRING
  };
  private static final String[] WORDS = {"alpha", "beta", "gamma", "x", "io", "data", "HTTP", "id", "v2"};

  @Provide
  Arbitrary<Spec> components() {
    return Arbitraries.longs().map(seed -> spec(new Random(seed)));
  }

  /** A random valid spec from a seed (jqwik shrinks the seed). */
  static Spec spec(Random r) {
    List<ValDef> types = new ArrayList<>();
    int n = r.nextInt(8);
    for (int i = 0; i < n; i++) {
      types.add(valDef(r, i));
    }
    List<Func> imports = new ArrayList<>();
    for (int i = 0, k = r.nextInt(4); i < k; i++) {
      imports.add(func(r, "imp-" + i, types, true));
    }
    List<Func> exports = new ArrayList<>();
    for (int i = 0, k = r.nextInt(4); i < k; i++) {
      exports.add(func(r, "exp-" + i, types, false));
    }
    return new Spec(types, imports, exports, r.nextBoolean(), r.nextBoolean());
  }

  private static String label(Random r, int i) {
    String w = WORDS[r.nextInt(WORDS.length)];
    return "l" + i + "-" + w;
  }

  private static Ty ty(Random r, int defsAvailable, boolean primsOnly) {
    if (primsOnly || defsAvailable == 0 || r.nextInt(3) == 0) {
      return new Prim(PRIMS[r.nextInt(PRIMS.length)]);
    }
    return new Ref(r.nextInt(defsAvailable));
  }

  private static ValDef valDef(Random r, int i) {
    return switch (r.nextInt(7)) {
      case 0 -> {
        int k = 1 + r.nextInt(4);
        List<String> ls = new ArrayList<>();
        List<Ty> ts = new ArrayList<>();
        for (int j = 0; j < k; j++) {
          ls.add(label(r, j));
          ts.add(ty(r, i, false));
        }
        yield new Rec(ls, ts);
      }
      case 1 -> {
        int k = 1 + r.nextInt(4);
        List<String> ls = new ArrayList<>();
        List<Ty> ts = new ArrayList<>();
        for (int j = 0; j < k; j++) {
          ls.add(label(r, j));
          ts.add(r.nextBoolean() ? null : ty(r, i, false));
        }
        yield new Var(ls, ts);
      }
      case 2 -> new Enm(labels(r, 1 + r.nextInt(5)));
      case 3 -> new Flg(labels(r, 1 + r.nextInt(32)));
      case 4 -> new Lst(ty(r, i, false));
      case 5 -> {
        List<Ty> ts = new ArrayList<>();
        for (int j = 0, k = 1 + r.nextInt(3); j < k; j++) {
          ts.add(ty(r, i, false));
        }
        yield new Tup(ts);
      }
      default -> new Opt(ty(r, i, false));
    };
  }

  private static List<String> labels(Random r, int k) {
    List<String> ls = new ArrayList<>();
    for (int j = 0; j < k; j++) {
      ls.add(label(r, j));
    }
    return ls;
  }

  private static Func func(Random r, String name, List<ValDef> types, boolean primsOnly) {
    List<String> ps = new ArrayList<>();
    List<Ty> ts = new ArrayList<>();
    for (int j = 0, k = r.nextInt(5); j < k; j++) {
      ps.add(label(r, j));
      ts.add(ty(r, types.size(), primsOnly));
    }
    Ty result = r.nextBoolean() ? null : ty(r, types.size(), primsOnly);
    return new Func(name, ps, ts, result);
  }

  @Property(tries = 300)
  void generatedComponentsValidate(@ForAll("components") Spec spec) {
    Component c = ComponentGen.render(spec, null);
    ComponentInfo info = Validator.validate(c, Features.DEFAULT);
    assertThat(info.type().exports()).hasSizeGreaterThanOrEqualTo(spec.exports().size());
    assertThat(info.type().imports()).hasSize(spec.imports().size());
    // the same component through the binary format validates the same
    Validator.validate(ComponentDecoder.decode(ComponentEncoder.encode(c)), Features.DEFAULT);
  }

  @Property(tries = 300)
  void aMutationIsRejectedWithItsRule(@ForAll("components") Spec spec, @ForAll ComponentGen.Mutation mutation) {
    Component c = ComponentGen.render(spec, mutation);
    assertThatThrownBy(() -> Validator.validate(c, Features.DEFAULT))
        .as("%s applied to %s", mutation, spec)
        .isInstanceOf(InvalidException.class)
        .hasMessageContaining(mutation.message);
  }
}
