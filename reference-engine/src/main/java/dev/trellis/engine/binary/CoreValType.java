package dev.trellis.engine.binary;

/** A core value type: a number/vector type or a reference type. */
public sealed interface CoreValType permits CoreValType.Num, CoreValType.Ref {

  enum Num implements CoreValType {
    I32(0x7f, "i32"), I64(0x7e, "i64"), F32(0x7d, "f32"), F64(0x7c, "f64"), V128(0x7b, "v128");

    private final int code;
    private final String text;

    Num(int code, String text) {
      this.code = code;
      this.text = text;
    }

    public int code() {
      return code;
    }

    public String text() {
      return text;
    }
  }

  /**
   * A reference type {@code (ref null? heaptype)}. {@code heap} is either an abstract heap
   * type code (e.g. 0x70 func, 0x6f extern; negative-SLEB opcodes as bytes) or, when
   * {@code typeIndex >= 0}, a concrete type index. {@code shared} marks shared-everything
   * heap types.
   */
  record Ref(boolean nullable, int heap, int typeIndex, boolean shared) implements CoreValType {
    public static final int FUNC = 0x70;
    public static final int EXTERN = 0x6f;
    public static final int ANY = 0x6e;
    public static final int EQ = 0x6d;
    public static final int I31 = 0x6c;
    public static final int STRUCT = 0x6b;
    public static final int ARRAY = 0x6a;
    public static final int EXN = 0x69;
    public static final int NOEXN = 0x74;
    public static final int NOFUNC = 0x73;
    public static final int NOEXTERN = 0x72;
    public static final int NONE = 0x71;
    public static final int CONT = 0x68;
    public static final int NOCONT = 0x75;

    public static final Ref FUNCREF = new Ref(true, FUNC, -1, false);
    public static final Ref EXTERNREF = new Ref(true, EXTERN, -1, false);

    public static Ref abs(boolean nullable, int heap) {
      return new Ref(nullable, heap, -1, false);
    }

    public static Ref concrete(boolean nullable, int typeIndex) {
      return new Ref(nullable, -1, typeIndex, false);
    }

    public boolean isConcrete() {
      return typeIndex >= 0;
    }

    /** The text name of an abstract heap type code ({@code func}, {@code noextern}, …); null for another code. */
    public static String heapName(int code) {
      return switch (code) {
        case FUNC -> "func";
        case EXTERN -> "extern";
        case ANY -> "any";
        case EQ -> "eq";
        case I31 -> "i31";
        case STRUCT -> "struct";
        case ARRAY -> "array";
        case EXN -> "exn";
        case NOEXN -> "noexn";
        case NOFUNC -> "nofunc";
        case NOEXTERN -> "noextern";
        case NONE -> "none";
        case CONT -> "cont";
        case NOCONT -> "nocont";
        default -> null;
      };
    }
  }
}
