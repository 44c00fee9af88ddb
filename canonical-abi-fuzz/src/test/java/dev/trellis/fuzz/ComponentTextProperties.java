package dev.trellis.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.engine.text.Wast;
import dev.trellis.engine.text.WastAction;
import dev.trellis.engine.text.WastDirective;
import dev.trellis.engine.types.TupleType;
import dev.trellis.fuzz.RoundTripProperties.Typed;
import dev.trellis.fuzz.ValCompare.NanRule;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The text the regression scripts are made of: value constants read back by the WAST parser as
 * the same values, bit for bit (NaN payloads, astral characters, u64 above 2^63), and every
 * generated echo component assembles.
 */
class ComponentTextProperties {

  @Provide
  static Arbitrary<Typed> typed() {
    return AbiArbitraries.types(TypeBounds.component())
        .flatMap(t -> AbiArbitraries.values(t).map(v -> new Typed(t, v)));
  }

  @Property(seed = "20250501")
  void constantsReadBackAsTheSameValues(@ForAll("typed") Typed tv) {
    String src = "(assert_return (invoke \"f\" " + ComponentText.constant(tv.value()) + "))";
    WastDirective.AssertReturn d = (WastDirective.AssertReturn) Wast.parse(src, "c.wast").directives().getFirst();
    List<dev.trellis.engine.runtime.Val> args = ((WastAction.Invoke) d.action()).args();
    assertThat(args).hasSize(1);
    assertThat(ValCompare.difference(tv.value(), args.getFirst(), NanRule.BITS)).isNull();
  }

  @Property(seed = "20250502", tries = 100)
  void everyEchoComponentAssembles(@ForAll("cases") EchoCase c) {
    byte[] bytes = Differential.assemble(EchoComponent.text(c));
    assertThat(bytes).startsWith(0, 'a', 's', 'm');
    assertThat(c.result()).isEqualTo(c.params().size() == 1 ? c.params().getFirst() : new TupleType(c.params()));
  }

  @Provide
  static Arbitrary<EchoCase> cases() {
    return AbiArbitraries.echoCases(TypeBounds.component(), 4, 2, AbiArbitraries.ValueBounds.SMALL, true);
  }
}
