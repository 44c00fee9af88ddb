package dev.trellis.engine.abi;

import static dev.trellis.engine.binary.CanonOpt.StringEncoding.LATIN1_UTF16;
import static dev.trellis.engine.binary.CanonOpt.StringEncoding.UTF16;
import static dev.trellis.engine.binary.CanonOpt.StringEncoding.UTF8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trellis.engine.binary.CanonOpt.StringEncoding;
import dev.trellis.engine.error.TrapException;
import dev.trellis.engine.error.TrapKind;
import dev.trellis.engine.runtime.Val;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** load_string / store_string: decoding, every transcoding pair, and the realloc calls each makes. */
class StringsTest {
  static final String MIXED = "hö☃🍰"; // ASCII, Latin-1, BMP, astral

  static TrapKind trapKind(Runnable r) {
    try {
      r.run();
    } catch (TrapException e) {
      return e.kind();
    }
    throw new AssertionError("no trap");
  }

  @Test
  void loadsUtf8() {
    TestMemory m = new TestMemory(64, 32);
    byte[] b = MIXED.getBytes(StandardCharsets.UTF_8);
    m.mem.write(8, b, 0, b.length);
    assertThat(Strings.loadStringFromRange(m.cx(), 8, b.length).value()).isEqualTo(MIXED);
    assertThat(Strings.loadStringFromRange(m.cx(), 64, 0).value()).isEmpty(); // at the very end, empty
  }

  @Test
  void invalidUtf8Traps() {
    TestMemory m = new TestMemory(64, 32);
    m.put(0, 0xff);
    assertThatThrownBy(() -> Strings.loadStringFromRange(m.cx(), 0, 1)).isInstanceOf(TrapException.class)
        .hasMessageContaining("invalid utf-8");
    m.put(0, 0xc3);
    assertThatThrownBy(() -> Strings.loadStringFromRange(m.cx(), 0, 1))
        .hasMessageContaining("incomplete utf-8 byte sequence");
    m.put(0, 0xc3, 0x41); // bad continuation: invalid, not incomplete
    assertThatThrownBy(() -> Strings.loadStringFromRange(m.cx(), 0, 2))
        .hasMessageContaining("invalid utf-8").hasMessageNotContaining("incomplete");
    m.put(0, 0xed, 0xa0, 0x80); // an encoded surrogate
    assertThat(trapKind(() -> Strings.loadStringFromRange(m.cx(), 0, 3))).isEqualTo(TrapKind.INVALID_UTF8);
    m.put(0, 0xc0, 0x80); // overlong NUL
    assertThat(trapKind(() -> Strings.loadStringFromRange(m.cx(), 0, 2))).isEqualTo(TrapKind.INVALID_UTF8);
    m.put(0, 0xf4, 0x90, 0x80, 0x80); // past U+10FFFF
    assertThat(trapKind(() -> Strings.loadStringFromRange(m.cx(), 0, 4))).isEqualTo(TrapKind.INVALID_UTF8);
  }

  @Test
  void loadsUtf16AndTrapsOnUnpairedSurrogates() {
    TestMemory m = new TestMemory(64, 32);
    byte[] b = MIXED.getBytes(StandardCharsets.UTF_16LE);
    m.mem.write(8, b, 0, b.length);
    assertThat(Strings.loadStringFromRange(m.cx(UTF16), 8, MIXED.length()).value()).isEqualTo(MIXED);
    assertThat(trapKind(() -> Strings.loadStringFromRange(m.cx(UTF16), 9, 1))).isEqualTo(TrapKind.UNALIGNED_POINTER);
    m.put(0, 0x3c, 0xd8, 0x41, 0x00); // high surrogate then 'A'
    assertThat(trapKind(() -> Strings.loadStringFromRange(m.cx(UTF16), 0, 2))).isEqualTo(TrapKind.INVALID_UTF16);
    m.put(0, 0x70, 0xdf); // lone low surrogate
    assertThat(trapKind(() -> Strings.loadStringFromRange(m.cx(UTF16), 0, 1))).isEqualTo(TrapKind.INVALID_UTF16);
  }

  @Test
  void loadsLatin1OrTaggedUtf16() {
    TestMemory m = new TestMemory(64, 32);
    m.put(0, 0x68, 0xf6); // "hö" in Latin-1
    assertThat(Strings.loadStringFromRange(m.cx(LATIN1_UTF16), 0, 2).value()).isEqualTo("hö");
    byte[] b = "☃".getBytes(StandardCharsets.UTF_16LE);
    m.mem.write(8, b, 0, b.length);
    assertThat(Strings.loadStringFromRange(m.cx(LATIN1_UTF16), 8, 1 | CanonicalAbi.UTF16_TAG).value()).isEqualTo("☃");
  }

  @Test
  void boundsAreCheckedEvenForEmptyStrings() {
    TestMemory m = new TestMemory(64, 32);
    assertThat(trapKind(() -> Strings.loadStringFromRange(m.cx(), 0xdeadbeefL, 0))).isEqualTo(TrapKind.STRING_OUT_OF_BOUNDS);
    assertThat(trapKind(() -> Strings.loadStringFromRange(m.cx(), 63, 2))).isEqualTo(TrapKind.STRING_OUT_OF_BOUNDS);
    assertThat(trapKind(() -> Strings.loadStringFromRange(m.cx(UTF16), 62, 2))).isEqualTo(TrapKind.STRING_OUT_OF_BOUNDS);
    assertThat(trapKind(() -> Strings.loadStringFromRange(m.cx(), 0, 1L << 28))).isEqualTo(TrapKind.STRING_TOO_LONG);
    LiftLowerContext adapter = new LiftLowerContext(m.cx().opts, new ComponentInstance(null, "a"), new Task(), null, true);
    assertThatThrownBy(() -> Strings.loadStringFromRange(adapter, 63, 2)).hasMessageContaining("string content out-of-bounds");
  }

  /** Lifts {@code s} in {@code from}, lowers it into {@code to} with the hint, returns (result, realloc calls). */
  static Object[] transcode(String s, StringEncoding from, long fromTaggedUnits, byte[] fromBytes, StringEncoding to) {
    TestMemory src = new TestMemory(256, 128);
    src.mem.write(0, fromBytes, 0, fromBytes.length);
    StringHints hints = new StringHints();
    LiftLowerContext lift = new LiftLowerContext(CanonicalOptions.of(from, src.mem, null), new ComponentInstance(null, "a"),
        new Subtask(), hints, true);
    Val.Str v = Strings.loadStringFromRange(lift, 0, fromTaggedUnits);
    assertThat(v.value()).isEqualTo(s);
    TestMemory dst = new TestMemory(256, 16);
    LiftLowerContext lower = new LiftLowerContext(CanonicalOptions.of(to, dst.mem, dst.realloc), new ComponentInstance(null, "b"),
        new Task(), hints, true);
    long packed = Strings.storeStringIntoRange(lower, v);
    long ptr = packed >>> 32;
    long units = packed & 0xFFFF_FFFFL;
    LiftLowerContext back = new LiftLowerContext(CanonicalOptions.of(to, dst.mem, null), new ComponentInstance(null, "c"), new Subtask());
    assertThat(Strings.loadStringFromRange(back, ptr, units).value()).isEqualTo(s);
    return new Object[] {units, dst.reallocCalls};
  }

  @SuppressWarnings("unchecked")
  static List<long[]> calls(Object[] r) {
    return (List<long[]>) r[1];
  }

  @Test
  void utf8ToUtf8IsOneExactCopy() {
    byte[] b = MIXED.getBytes(StandardCharsets.UTF_8);
    Object[] r = transcode(MIXED, UTF8, b.length, b, UTF8);
    assertThat(r[0]).isEqualTo((long) b.length);
    assertThat(calls(r)).containsExactly(new long[] {0, 0, 1, b.length});
  }

  @Test
  void utf16ToUtf8GrowsToWorstCaseThenShrinks() {
    byte[] b = MIXED.getBytes(StandardCharsets.UTF_16LE);
    int units = MIXED.length(); // 5 code units
    Object[] r = transcode(MIXED, UTF16, units, b, UTF8);
    assertThat(r[0]).isEqualTo(10L);
    // optimistic 5 bytes at 16, worst case 15 (copied to 24 by the test allocator), shrink to 10 in place
    assertThat(calls(r)).containsExactly(new long[] {0, 0, 1, 5}, new long[] {16, 5, 1, 15}, new long[] {21, 15, 1, 10});
  }

  @Test
  void asciiFromUtf16NeedsNoRealloc() {
    byte[] b = "abc".getBytes(StandardCharsets.UTF_16LE);
    Object[] r = transcode("abc", UTF16, 3, b, UTF8);
    assertThat(calls(r)).containsExactly(new long[] {0, 0, 1, 3});
  }

  @Test
  void latin1ToUtf8() {
    byte[] b = "hö".getBytes(StandardCharsets.ISO_8859_1);
    Object[] r = transcode("hö", LATIN1_UTF16, 2, b, UTF8);
    assertThat(r[0]).isEqualTo(3L);
    assertThat(calls(r)).containsExactly(new long[] {0, 0, 1, 2}, new long[] {16, 2, 1, 4}, new long[] {18, 4, 1, 3});
  }

  @Test
  void utf8ToUtf16AllocatesWorstCaseAndShrinks() {
    byte[] b = MIXED.getBytes(StandardCharsets.UTF_8); // 10 bytes
    Object[] r = transcode(MIXED, UTF8, b.length, b, UTF16);
    assertThat(r[0]).isEqualTo(5L);
    assertThat(calls(r)).containsExactly(new long[] {0, 0, 2, 20}, new long[] {16, 20, 2, 10});
  }

  @Test
  void latin1ToUtf16IsACopy() {
    byte[] b = "hö".getBytes(StandardCharsets.ISO_8859_1);
    Object[] r = transcode("hö", LATIN1_UTF16, 2, b, UTF16);
    assertThat(r[0]).isEqualTo(2L);
    assertThat(calls(r)).containsExactly(new long[] {0, 0, 2, 4});
  }

  @Test
  void utf8ToLatin1OrUtf16StaysLatin1WhenItFits() {
    byte[] b = "hö".getBytes(StandardCharsets.UTF_8); // 3 bytes -> 2 latin1 bytes
    Object[] r = transcode("hö", UTF8, 3, b, LATIN1_UTF16);
    assertThat(r[0]).isEqualTo(2L);
    assertThat(calls(r)).containsExactly(new long[] {0, 0, 2, 3}, new long[] {16, 3, 2, 2});
  }

  @Test
  void utf8ToLatin1OrUtf16InflatesInPlace() {
    byte[] b = MIXED.getBytes(StandardCharsets.UTF_8);
    Object[] r = transcode(MIXED, UTF8, b.length, b, LATIN1_UTF16);
    assertThat(r[0]).isEqualTo(5L | CanonicalAbi.UTF16_TAG);
    assertThat(calls(r)).containsExactly(new long[] {0, 0, 2, 10}, new long[] {16, 10, 2, 20}, new long[] {26, 20, 2, 10});
  }

  @Test
  void utf16ToLatin1OrUtf16() {
    byte[] b = "hö".getBytes(StandardCharsets.UTF_16LE);
    Object[] r = transcode("hö", UTF16, 2, b, LATIN1_UTF16);
    assertThat(r[0]).isEqualTo(2L);
    assertThat(calls(r)).containsExactly(new long[] {0, 0, 2, 2});
  }

  @Test
  void probablyUtf16DeflatesToLatin1() {
    byte[] b = "hö".getBytes(StandardCharsets.UTF_16LE);
    Object[] r = transcode("hö", LATIN1_UTF16, 2 | CanonicalAbi.UTF16_TAG, b, LATIN1_UTF16);
    assertThat(r[0]).isEqualTo(2L);
    assertThat(calls(r)).containsExactly(new long[] {0, 0, 2, 4}, new long[] {16, 4, 1, 2});
    byte[] w = MIXED.getBytes(StandardCharsets.UTF_16LE);
    Object[] r2 = transcode(MIXED, LATIN1_UTF16, 5 | CanonicalAbi.UTF16_TAG, w, LATIN1_UTF16);
    assertThat(r2[0]).isEqualTo(5L | CanonicalAbi.UTF16_TAG);
    assertThat(calls(r2)).containsExactly(new long[] {0, 0, 2, 10});
  }

  @Test
  void latin1ToLatin1IsACopy() {
    byte[] b = "hö".getBytes(StandardCharsets.ISO_8859_1);
    Object[] r = transcode("hö", LATIN1_UTF16, 2, b, LATIN1_UTF16);
    assertThat(calls(r)).containsExactly(new long[] {0, 0, 2, 2});
  }

  @ParameterizedTest
  @EnumSource(StringEncoding.class)
  void hostStringsAreCopiedWithOneExactAllocation(StringEncoding enc) {
    TestMemory m = new TestMemory(256, 16);
    LiftLowerContext cx = m.cx(enc);
    long packed = Strings.storeStringIntoRange(cx, new Val.Str(MIXED));
    assertThat(m.reallocCalls).hasSize(1);
    LiftLowerContext back = new LiftLowerContext(cx.opts, cx.inst, new Subtask());
    assertThat(Strings.loadStringFromRange(back, packed >>> 32, packed & 0xFFFF_FFFFL).value()).isEqualTo(MIXED);
  }

  @Test
  void reallocResultIsCheckedForAlignmentThenBounds() {
    TestMemory m = new TestMemory(64, 16);
    m.forced = 1L;
    assertThat(trapKind(() -> Strings.storeStringIntoRange(m.cx(UTF16), new Val.Str("ab")))).isEqualTo(TrapKind.REALLOC_UNALIGNED);
    m.forced = 62L;
    assertThat(trapKind(() -> Strings.storeStringIntoRange(m.cx(UTF8), new Val.Str("abc")))).isEqualTo(TrapKind.REALLOC_OUT_OF_BOUNDS);
    m.forced = 0xFFFF_FFFCL;
    assertThat(trapKind(() -> Strings.storeStringIntoRange(m.cx(UTF8), new Val.Str("")))).isEqualTo(TrapKind.REALLOC_OUT_OF_BOUNDS);
  }

  @Test
  void hostStringsWithUnpairedSurrogatesAreRefused() {
    TestMemory m = new TestMemory(64, 16);
    assertThatThrownBy(() -> Strings.storeStringIntoRange(m.cx(), new Val.Str("a\uD800")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
