package dev.trellis.engine.binary;

import java.util.List;

/**
 * One section of a component, kept in binary order (Binary.md#component-definitions). The
 * {@code offset} is that of the section id byte.
 */
public sealed interface Section {
  int offset();

  /** section 0: {@code core:custom}; the name-section and producers live here. */
  record Custom(String name, Bytes data, int offset) implements Section {}

  /** section 1: an embedded core module, kept as its complete bytes (preamble included). */
  record CoreModule(Bytes module, int offset) implements Section {}

  /** section 2: {@code vec(core:instance)}. */
  record CoreInstances(List<CoreInstance> items, int offset) implements Section {
    public CoreInstances {
      items = List.copyOf(items);
    }
  }

  /** section 3: {@code vec(core:type)}. */
  record CoreTypes(List<CoreTypeDef> items, int offset) implements Section {
    public CoreTypes {
      items = List.copyOf(items);
    }
  }

  /** section 4: a nested component. */
  record NestedComponent(Component component, int offset) implements Section {}

  /** section 5: {@code vec(instance)}. */
  record Instances(List<Instance> items, int offset) implements Section {
    public Instances {
      items = List.copyOf(items);
    }
  }

  /** section 6: {@code vec(alias)}. */
  record Aliases(List<Alias> items, int offset) implements Section {
    public Aliases {
      items = List.copyOf(items);
    }
  }

  /** section 7: {@code vec(type)}. */
  record Types(List<TypeDef> items, int offset) implements Section {
    public Types {
      items = List.copyOf(items);
    }
  }

  /** section 8: {@code vec(canon)}. */
  record Canons(List<CanonDef> items, int offset) implements Section {
    public Canons {
      items = List.copyOf(items);
    }
  }

  /** section 9: {@code start} 🪙. */
  record Start(StartDef start, int offset) implements Section {}

  /** section 10: {@code vec(import)}. */
  record Imports(List<Import> items, int offset) implements Section {
    public Imports {
      items = List.copyOf(items);
    }
  }

  /** section 11: {@code vec(export)}. */
  record Exports(List<Export> items, int offset) implements Section {
    public Exports {
      items = List.copyOf(items);
    }
  }

  /** section 12: {@code vec(value)} 🪙. */
  record Values(List<ValueDef> items, int offset) implements Section {
    public Values {
      items = List.copyOf(items);
    }
  }
}
