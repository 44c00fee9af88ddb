package dev.trellis.engine.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NumbersTest {

  @Test
  void integers() {
    assertThat(Numbers.i32("0xffff_ffff")).isEqualTo(-1);
    assertThat(Numbers.i32("-2147483648")).isEqualTo(Integer.MIN_VALUE);
    assertThat(Numbers.i32("4294967296")).isNull();
    assertThat(Numbers.i32("-2147483649")).isNull();
    assertThat(Numbers.i64("18446744073709551615")).isEqualTo(-1L);
    assertThat(Numbers.u64("18446744073709551615")).isEqualTo(-1L);
    assertThat(Numbers.u32("-1")).isNull();
    assertThat(Numbers.ranged("255", 8, false)).isEqualTo(255L);
    assertThat(Numbers.ranged("-129", 8, true)).isNull();
  }

  @Test
  void floats() {
    assertThat(Numbers.f32("1.5")).isEqualTo(Float.floatToRawIntBits(1.5f));
    assertThat(Numbers.f32("-0x1.8p1")).isEqualTo(Float.floatToRawIntBits(-3.0f));
    assertThat(Numbers.f32("nan:0x200000")).isEqualTo(0x7fa0_0000);
    assertThat(Numbers.f32("-nan")).isEqualTo(0xffc0_0000);
    assertThat(Numbers.f32("inf")).isEqualTo(0x7f80_0000);
    assertThat(Numbers.f32("0x1p-149")).isEqualTo(1); // smallest subnormal
    assertThat(Numbers.f32("0x1p-150")).isEqualTo(0); // ties to even: rounds down to 0
    assertThat(Numbers.f32("0x1.000001p0")).isEqualTo(Float.floatToRawIntBits(1.0f)); // tie, even
    assertThat(Numbers.f32("0x1.000003p0")).isEqualTo(Float.floatToRawIntBits(1.0f) + 2);
    assertThat(Numbers.f32("0x1p128")).isNull();
    assertThat(Numbers.f32("0x1.fffffefffffffp127")).isEqualTo(0x7f7f_ffff);
    assertThat(Numbers.f32("1e39")).isNull();
    assertThat(Numbers.f64("0x1p-1074")).isEqualTo(1L);
    assertThat(Numbers.f64("1.7976931348623157e308")).isEqualTo(0x7fef_ffff_ffff_ffffL);
    assertThat(Numbers.f64("nan:0x8000000000000")).isEqualTo(0x7ff8_0000_0000_0000L);
    assertThat(Numbers.f64("0x1")).isEqualTo(Double.doubleToRawLongBits(1.0));
    assertThat(Numbers.f64("1_000.000_1")).isEqualTo(Double.doubleToRawLongBits(1000.0001));
  }
}
