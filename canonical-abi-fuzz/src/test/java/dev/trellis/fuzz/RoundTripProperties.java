package dev.trellis.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.engine.abi.AbiType;
import dev.trellis.engine.abi.CanonicalAbi;
import dev.trellis.engine.abi.CoreValueIter;
import dev.trellis.engine.abi.CoreValueWriter;
import dev.trellis.engine.abi.FlatLifting;
import dev.trellis.engine.abi.FlatLowering;
import dev.trellis.engine.abi.FlatType;
import dev.trellis.engine.abi.LiftLowerValues;
import dev.trellis.engine.abi.Loading;
import dev.trellis.engine.abi.Storing;
import dev.trellis.engine.abi.ValuesLayout;
import dev.trellis.engine.binary.CanonOpt.StringEncoding;
import dev.trellis.engine.runtime.Val;
import dev.trellis.engine.types.FuncType;
import dev.trellis.engine.types.ResourceType;
import dev.trellis.engine.types.ValType;
import dev.trellis.fuzz.ValCompare.NanRule;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Round trips of the reference engine's Canonical ABI, in the spec's terms: {@code lower_flat}
 * then {@code lift_flat} is the identity; {@code store} then {@code load} is the identity for
 * every string encoding; the flat and the in-memory paths agree on the same values; and
 * parameters or results past {@code MAX_FLAT_PARAMS}/{@code MAX_FLAT_RESULTS} spill to a tuple
 * in memory (allocated with {@code realloc}, or at the caller's out-pointer) and come back.
 * "Identity" is up to NaNs, which must come back as exactly the canonical NaN.
 *
 * <p>Tries: {@code jqwik.tries.default} (junit-platform.properties; {@code -Djqwik.tries.default=10000}
 * for a long local run). Seeds are fixed.
 */
class RoundTripProperties {
  static final List<ResourceType> RESOURCES = AbiArbitraries.resourceTypes(2);
  static final TypeBounds BOUNDS = TypeBounds.engine(RESOURCES);

  /** A type and a value of it. */
  record Typed(ValType type, Val value) {}

  @Provide
  static Arbitrary<Typed> typed() {
    return AbiArbitraries.types(BOUNDS).flatMap(t -> AbiArbitraries.values(t).map(v -> new Typed(t, v)));
  }

  @Provide
  static Arbitrary<StringEncoding> encodings() {
    return Arbitraries.of(StringEncoding.values());
  }

  /** Parameter lists, often wide enough to flatten past {@code MAX_FLAT_PARAMS}. */
  @Provide
  static Arbitrary<List<Typed>> params() {
    return AbiArbitraries.types(BOUNDS.withWidth(6)).list().ofMinSize(1).ofMaxSize(8)
        .flatMap(ts -> Combinators.combine(ts.stream().map(t -> AbiArbitraries.values(t).map(v -> new Typed(t, v)))
            .toList()).as(x -> x));
  }

  @Property(seed = "20250101")
  void lowerFlatThenLiftFlatIsIdentity(@ForAll("typed") Typed tv, @ForAll("encodings") StringEncoding enc) {
    AbiFixture fx = new AbiFixture(RESOURCES);
    AbiType at = AbiType.of(tv.type());
    CoreValueWriter out = new CoreValueWriter(at.flat().length);
    FlatLowering.lowerFlat(fx.lowering(enc), AbiFixture.freshHandles(tv.value()), at, out);
    long[] flat = out.toArray();

    List<FlatType> types = CanonicalAbi.flattenType(tv.type());
    assertThat(flat).as("one core value per flat type").hasSize(types.size());
    for (int i = 0; i < flat.length; i++) {
      if (types.get(i) == FlatType.I32 || types.get(i) == FlatType.F32) {
        assertThat(flat[i] >>> 32).as("32-bit core value %d fits its type", i).isZero();
      }
    }
    CoreValueIter it = new CoreValueIter(flat);
    Val back = FlatLifting.liftFlat(fx.lifting(enc), it, at);
    assertThat(it.done()).as("lift_flat consumes every core value").isTrue();
    assertThat(ValCompare.difference(tv.value(), back, NanRule.CANONICAL)).isNull();
  }

  @Property(seed = "20250102")
  void storeThenLoadIsIdentity(@ForAll("typed") Typed tv, @ForAll("encodings") StringEncoding enc) {
    AbiFixture fx = new AbiFixture(RESOURCES);
    AbiType at = AbiType.of(tv.type());
    long ptr = fx.allocate(at.alignment(), at.elemSize());
    Storing.store(fx.lowering(enc), AbiFixture.freshHandles(tv.value()), at, ptr);
    Val back = Loading.load(fx.lifting(enc), ptr, at);
    assertThat(ValCompare.difference(tv.value(), back, NanRule.CANONICAL)).isNull();
  }

  /**
   * The same values lowered flat and lowered into memory (a spilled tuple, as when they exceed
   * {@code max_flat}) lift back to the same values, whichever string encoding each side uses.
   */
  @Property(seed = "20250103")
  void flatAndInMemoryPathsAgree(@ForAll("params") List<Typed> ps, @ForAll("encodings") StringEncoding enc) {
    ValuesLayout layout = ValuesLayout.of(ps.stream().map(Typed::type).toList());
    Val[] vs = ps.stream().map(Typed::value).toArray(Val[]::new);

    AbiFixture flatFx = new AbiFixture(RESOURCES);
    long[] flat = LiftLowerValues.lowerFlatValues(flatFx.lowering(enc), Integer.MAX_VALUE, fresh(vs), layout, null);
    assertThat(flat).hasSize(layout.flatCount());
    Val[] viaFlat = LiftLowerValues.liftFlatValues(flatFx.lifting(enc), Integer.MAX_VALUE, new CoreValueIter(flat),
        layout);

    AbiFixture memFx = new AbiFixture(RESOURCES);
    long[] spilled = LiftLowerValues.lowerFlatValues(memFx.lowering(enc), 0, fresh(vs), layout, null);
    assertThat(spilled).as("a spilled tuple is passed as one pointer").hasSize(1);
    Val[] viaMemory = LiftLowerValues.liftFlatValues(memFx.lifting(enc), 0, new CoreValueIter(spilled), layout);

    assertThat(ValCompare.difference(List.of(viaFlat), List.of(viaMemory), NanRule.CANONICAL)).isNull();
    assertThat(ValCompare.difference(List.of(vs), List.of(viaFlat), NanRule.CANONICAL)).isNull();
  }

  /**
   * {@code flatten_functype}: past {@code MAX_FLAT_PARAMS} the parameters are one pointer to a
   * tuple that {@code lower_flat_values} allocates with {@code realloc} (first call, the tuple's
   * alignment and size); past {@code MAX_FLAT_RESULTS} a lifted function returns a pointer and
   * a lowered one takes an out-pointer where the results are stored. Both come back.
   */
  @Property(seed = "20250104")
  void spillingPastMaxFlatRoundTripsThroughRealloc(@ForAll("params") List<Typed> ps,
      @ForAll("encodings") StringEncoding enc) {
    List<ValType> ts = ps.stream().map(Typed::type).toList();
    ValuesLayout layout = ValuesLayout.of(ts);
    Val[] vs = ps.stream().map(Typed::value).toArray(Val[]::new);
    int flatCount = CanonicalAbi.flattenTypes(ts).size();

    List<FuncType.Param> params = new ArrayList<>();
    for (int i = 0; i < ts.size(); i++) {
      params.add(new FuncType.Param("p" + i, ts.get(i)));
    }
    FuncType ft = new FuncType(params, ts.getFirst());
    CanonicalAbi.CoreSignature lift = CanonicalAbi.flattenFuncType(ft, CanonicalAbi.Context.LIFT);
    CanonicalAbi.CoreSignature lower = CanonicalAbi.flattenFuncType(ft, CanonicalAbi.Context.LOWER);
    int resultFlat = CanonicalAbi.flattenType(ts.getFirst()).size();
    assertThat(lift.params()).hasSize(flatCount > CanonicalAbi.MAX_FLAT_PARAMS ? 1 : flatCount);
    assertThat(lift.results()).hasSize(1);
    assertThat(lower.params()).hasSize((flatCount > CanonicalAbi.MAX_FLAT_PARAMS ? 1 : flatCount)
        + (resultFlat > CanonicalAbi.MAX_FLAT_RESULTS ? 1 : 0));
    assertThat(lower.results()).hasSize(resultFlat > CanonicalAbi.MAX_FLAT_RESULTS ? 0 : 1);

    // parameters
    AbiFixture fx = new AbiFixture(RESOURCES);
    long[] core = LiftLowerValues.lowerFlatValues(fx.lowering(enc), CanonicalAbi.MAX_FLAT_PARAMS, fresh(vs), layout,
        null);
    if (flatCount > CanonicalAbi.MAX_FLAT_PARAMS) {
      assertThat(core).hasSize(1);
      long[] first = fx.reallocCalls.getFirst();
      assertThat(first).as("realloc(0, 0, alignment, elem_size) of the tuple, first")
          .containsExactly(0, 0, SpecLayout.alignment(new dev.trellis.engine.types.TupleType(ts)),
              SpecLayout.elemSize(new dev.trellis.engine.types.TupleType(ts)), core[0]);
    } else {
      assertThat(core).hasSize(flatCount);
    }
    Val[] back = LiftLowerValues.liftFlatValues(fx.lifting(enc), CanonicalAbi.MAX_FLAT_PARAMS,
        new CoreValueIter(core), layout);
    assertThat(ValCompare.difference(List.of(vs), List.of(back), NanRule.CANONICAL)).isNull();

    // one result, through the caller's out-pointer when it does not fit MAX_FLAT_RESULTS
    ValuesLayout result = ValuesLayout.of(List.of(ts.getFirst()));
    AbiFixture rfx = new AbiFixture(RESOURCES);
    long retptr = rfx.allocate(result.tuple().alignment(), result.tuple().elemSize());
    rfx.memory.clearWrites();
    long[] rcore = LiftLowerValues.lowerFlatValues(rfx.lowering(enc), CanonicalAbi.MAX_FLAT_RESULTS,
        fresh(new Val[] {vs[0]}), result, new CoreValueIter(new long[] {retptr}));
    if (resultFlat > CanonicalAbi.MAX_FLAT_RESULTS) {
      assertThat(rcore).as("results stored at the out-pointer").isEmpty();
      Val[] r = LiftLowerValues.liftFlatValues(rfx.lifting(enc), CanonicalAbi.MAX_FLAT_RESULTS,
          new CoreValueIter(new long[] {retptr}), result);
      assertThat(ValCompare.difference(vs[0], r[0], NanRule.CANONICAL)).isNull();
    } else {
      assertThat(rcore).hasSize(1);
      Val[] r = LiftLowerValues.liftFlatValues(rfx.lifting(enc), CanonicalAbi.MAX_FLAT_RESULTS,
          new CoreValueIter(rcore), result);
      assertThat(ValCompare.difference(vs[0], r[0], NanRule.CANONICAL)).isNull();
    }
  }

  static Val[] fresh(Val[] vs) {
    Val[] out = new Val[vs.length];
    for (int i = 0; i < vs.length; i++) {
      out[i] = AbiFixture.freshHandles(vs[i]);
    }
    return out;
  }
}
