package dev.trellis.engine.binary;

import java.util.List;

/**
 * {@code deftype} (Binary.md#type-definitions): a type constructor as written. Indices are
 * not resolved here; see {@code dev.trellis.engine.types} for the resolved model.
 */
public sealed interface DefType {

  /** {@code defvaltype ::= pvt:<primvaltype>}. */
  record PrimitiveDef(PrimValType type) implements DefType {}

  /** {@code 0x72 lt*:vec(<labelvaltype>)}. */
  record RecordDef(List<Field> fields) implements DefType {
    public RecordDef {
      fields = List.copyOf(fields);
    }
  }

  /** {@code 0x71 case*:vec(<case>)}. */
  record VariantDef(List<Case> cases) implements DefType {
    public VariantDef {
      cases = List.copyOf(cases);
    }
  }

  /** {@code 0x70 t}. */
  record ListDef(ValTypeRef element) implements DefType {}

  /** {@code 0x67 t len} 🔧. */
  record FixedListDef(ValTypeRef element, long length) implements DefType {}

  /** {@code 0x6f t*:vec(<valtype>)}. */
  record TupleDef(List<ValTypeRef> types) implements DefType {
    public TupleDef {
      types = List.copyOf(types);
    }
  }

  /** {@code 0x6e l*:vec(<labellit>)}. */
  record FlagsDef(List<String> labels) implements DefType {
    public FlagsDef {
      labels = List.copyOf(labels);
    }
  }

  /** {@code 0x6d l*:vec(<labellit>)}. */
  record EnumDef(List<String> labels) implements DefType {
    public EnumDef {
      labels = List.copyOf(labels);
    }
  }

  /** {@code 0x6b t}. */
  record OptionDef(ValTypeRef type) implements DefType {}

  /** {@code 0x6a t?:<valtype>? u?:<valtype>?}; absent parts are null. */
  record ResultDef(ValTypeRef ok, ValTypeRef error) implements DefType {}

  /** {@code 0x69 i}. */
  record OwnDef(int resource) implements DefType {}

  /** {@code 0x68 i}. */
  record BorrowDef(int resource) implements DefType {}

  /** {@code 0x66 t?} 🔀; {@code element} null when absent. */
  record StreamDef(ValTypeRef element) implements DefType {}

  /** {@code 0x65 t?} 🔀; {@code element} null when absent. */
  record FutureDef(ValTypeRef element) implements DefType {}

  /** {@code 0x63 k v} 🗺️. */
  record MapDef(ValTypeRef key, ValTypeRef value) implements DefType {}

  /**
   * {@code functype ::= 0x40 ps rs | 0x43 ps rs}: {@code result} is null for an empty
   * {@code resultlist}.
   */
  record FuncDef(boolean async, List<Param> params, ValTypeRef result) implements DefType {
    public FuncDef {
      params = List.copyOf(params);
    }
  }

  /** {@code componenttype ::= 0x41 cd*:vec(<componentdecl>)}. */
  record ComponentDef(List<Decl> decls) implements DefType {
    public ComponentDef {
      decls = List.copyOf(decls);
    }
  }

  /** {@code instancetype ::= 0x42 id*:vec(<instancedecl>)}. */
  record InstanceDef(List<Decl> decls) implements DefType {
    public InstanceDef {
      decls = List.copyOf(decls);
    }
  }

  /**
   * {@code resourcetype ::= 0x3f t:<core:valtype> f?:<core:funcidx>?}; {@code destructor} is a
   * core function index or null. {@code asyncCallback} is the callback index of an async
   * destructor (0x3e form) or null.
   */
  record ResourceDef(CoreValType rep, Integer destructor, Integer asyncCallback) implements DefType {}

  /** {@code labelvaltype ::= l:<labellit> t:<valtype>} in a record. */
  record Field(String label, ValTypeRef type) {}

  /** {@code case ::= l:<labellit> t?:<valtype>? 0x00}; {@code type} null when absent. */
  record Case(String label, ValTypeRef type) {}

  /** A parameter {@code labelvaltype}. */
  record Param(String label, ValTypeRef type) {}
}
