package dev.trellis.fuzz;

import dev.trellis.engine.types.ResourceType;
import java.util.List;

/**
 * Bounds of generated component value types.
 *
 * @param maxDepth nesting depth of compound types (0: primitives, enums, flags and handles only)
 * @param maxWidth fields of a record, elements of a tuple, cases with a payload in a variant
 * @param maxFlags labels of a {@code flags} type (1 to 64; the spec and validators allow 32,
 *     the engine's ABI functions also lay out the legacy wider flags)
 * @param maxCases cases of a variant or enum (1 to 300: past 256 the discriminant is a {@code u16})
 * @param resources the resource types whose {@code own} handles (and, with {@code borrows},
 *     {@code borrow} handles) appear in types; empty for none
 * @param borrows whether {@code borrow<R>} appears (never in function results)
 * @param fixedLists whether fixed-length lists {@code list<T, N>} appear (a gated feature)
 */
public record TypeBounds(int maxDepth, int maxWidth, int maxFlags, int maxCases, List<ResourceType> resources,
    boolean borrows, boolean fixedLists) {

  public TypeBounds {
    if (maxDepth < 0 || maxWidth < 1 || maxFlags < 1 || maxFlags > 64 || maxCases < 1 || maxCases > 300) {
      throw new IllegalArgumentException("bad type bounds");
    }
    resources = List.copyOf(resources);
  }

  /**
   * The engine-level profile: every sync type, flags up to 64 labels, variants up to 300 cases,
   * handles of {@code resources}, fixed-length lists.
   */
  public static TypeBounds engine(List<ResourceType> resources) {
    return new TypeBounds(3, 4, 64, 300, resources, true, true);
  }

  /**
   * What a component valid under the default (WASI 0.2) profile can carry between components
   * and to a host that passes values in: no resources, flags up to 32, no fixed-length lists.
   */
  public static TypeBounds component() {
    return new TypeBounds(3, 4, 32, 300, List.of(), false, false);
  }

  public TypeBounds withDepth(int d) {
    return new TypeBounds(d, maxWidth, maxFlags, maxCases, resources, borrows, fixedLists);
  }

  public TypeBounds withWidth(int w) {
    return new TypeBounds(maxDepth, w, maxFlags, maxCases, resources, borrows, fixedLists);
  }
}
