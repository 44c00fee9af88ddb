package dev.trellis.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trellis.engine.error.TextException;
import dev.trellis.engine.types.EnumType;
import dev.trellis.engine.types.FlagsType;
import dev.trellis.engine.types.FuncType;
import dev.trellis.engine.types.ListType;
import dev.trellis.engine.types.OptionType;
import dev.trellis.engine.types.PrimType;
import dev.trellis.engine.types.RecordType;
import dev.trellis.engine.types.ResultType;
import dev.trellis.engine.types.TupleType;
import dev.trellis.engine.types.ValType;
import dev.trellis.engine.types.VariantType;
import java.util.List;
import org.junit.jupiter.api.Test;

/** WAVE in (WaveParser) and out (Val.toString) agree, and bad input is a located TextException. */
class WaveParserTest {
  static final RecordType REC = new RecordType(List.of(new RecordType.Field("a", PrimType.U32),
      new RecordType.Field("b", new OptionType(PrimType.STRING))));
  static final VariantType VAR = new VariantType(List.of(new VariantType.Case("none", null),
      new VariantType.Case("some-thing", new TupleType(List.of(PrimType.CHAR, PrimType.F32)))));

  static void roundTrips(ValType t, Val v) {
    assertThat(WaveParser.parse(v.toString(), t)).as(v.toString()).isEqualTo(v);
  }

  @Test
  void printedValuesParseBack() {
    roundTrips(PrimType.BOOL, new Val.Bool(false));
    roundTrips(PrimType.S8, new Val.S8((byte) -128));
    roundTrips(PrimType.U64, new Val.U64(-1));
    roundTrips(PrimType.S64, new Val.S64(Long.MIN_VALUE));
    roundTrips(PrimType.F64, new Val.F64(-2.5e-300));
    roundTrips(PrimType.F32, new Val.F32(Float.POSITIVE_INFINITY));
    roundTrips(PrimType.CHAR, new Val.Char('\''));
    roundTrips(PrimType.CHAR, new Val.Char(0x1F370));
    roundTrips(PrimType.STRING, new Val.Str("tab\t\"q\" \\ ☃ \u0001"));
    roundTrips(new ListType(PrimType.U8), new Val.ListOf(List.of(new Val.U8(1), new Val.U8(2))));
    roundTrips(new ListType(PrimType.U8), new Val.ListOf(List.of()));
    roundTrips(REC, new Val.RecordOf(List.of(new Val.Field("a", new Val.U32(7)), new Val.Field("b", new Val.OptionOf(new Val.Str("x"))))));
    roundTrips(VAR, new Val.VariantOf("none", null));
    roundTrips(VAR, new Val.VariantOf("some-thing", new Val.TupleOf(List.of(new Val.Char('c'), new Val.F32(1.5f)))));
    roundTrips(new EnumType(List.of("true", "b")), new Val.EnumOf("true"));
    roundTrips(new ResultType(PrimType.U8, null), new Val.ResultOf(false, null));
    roundTrips(new ResultType(null, PrimType.STRING), new Val.ResultOf(false, new Val.Str("e")));
    roundTrips(new FlagsType(List.of("x", "y", "z")), new Val.FlagsOf(List.of("z", "x")));
    roundTrips(new FlagsType(List.of("x")), new Val.FlagsOf(List.of()));
  }

  @Test
  void wavesConveniences() {
    assertThat(WaveParser.parse("{a: 1}", REC)).isEqualTo(
        new Val.RecordOf(List.of(new Val.Field("a", new Val.U32(1)), new Val.Field("b", Val.OptionOf.NONE))));
    assertThat(WaveParser.parse(" [ 1 , 2 , ] ", new ListType(PrimType.U16)))
        .isEqualTo(new Val.ListOf(List.of(new Val.U16(1), new Val.U16(2))));
    assertThat(WaveParser.parse("nan", PrimType.F64)).isEqualTo(new Val.F64(Double.NaN));
    assertThat(WaveParser.parse("\"\\u{2603}\"", PrimType.STRING)).isEqualTo(new Val.Str("☃"));
  }

  @Test
  void callsSplitNameAndArguments() {
    FuncType ft = new FuncType(List.of(new FuncType.Param("a", PrimType.U32), new FuncType.Param("s", PrimType.STRING)), null);
    assertThat(WaveParser.callName("wasi:cli/run@0.2.0#run()")).isEqualTo("wasi:cli/run@0.2.0#run");
    assertThat(WaveParser.callArgs("f(1, \"a,b)\")", ft)).containsExactly(new Val.U32(1), new Val.Str("a,b)"));
    assertThatThrownBy(() -> WaveParser.callArgs("f(1)", ft)).isInstanceOf(TextException.class);
    assertThatThrownBy(() -> WaveParser.callArgs("f(1, \"x\", 2)", ft)).isInstanceOf(TextException.class);
  }

  @Test
  void badInputIsATextExceptionWithAColumn() {
    assertThatThrownBy(() -> WaveParser.parse("256", PrimType.U8)).isInstanceOf(TextException.class)
        .hasMessageContaining("1:1").hasMessageContaining("out of range");
    assertThatThrownBy(() -> WaveParser.parse("'ab'", PrimType.CHAR)).isInstanceOf(TextException.class);
    assertThatThrownBy(() -> WaveParser.parse("\"\\u{d800}\"", PrimType.STRING)).isInstanceOf(TextException.class);
    assertThatThrownBy(() -> WaveParser.parse("{b: none}", REC)).hasMessageContaining("missing field `a`");
    assertThatThrownBy(() -> WaveParser.parse("other", VAR)).hasMessageContaining("unknown variant case");
    assertThatThrownBy(() -> WaveParser.parse("1 2", PrimType.U8)).isInstanceOf(TextException.class);
    assertThatThrownBy(() -> WaveParser.parse("\"open", PrimType.STRING)).hasMessageContaining("unterminated");
  }
}
