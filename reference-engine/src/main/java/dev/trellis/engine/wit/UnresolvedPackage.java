package dev.trellis.engine.wit;

import dev.trellis.engine.wit.Ast.Span;
import dev.trellis.engine.wit.Resolve.Interface;
import dev.trellis.engine.wit.Resolve.PackageName;
import dev.trellis.engine.wit.Resolve.Stability;
import dev.trellis.engine.wit.Resolve.TypeDef;
import dev.trellis.engine.wit.Resolve.World;
import dev.trellis.engine.wit.Resolve.WorldKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One package after its names are resolved but before it is joined with its dependencies:
 * its own arenas (indices local to it), the foreign items it refers to (allocated first,
 * to be bound to packages already in the {@link Resolve}), and the spans errors point at.
 */
final class UnresolvedPackage {
  PackageName name;
  Span nameSpan;
  String docs;
  final List<TypeDef> types = new ArrayList<>();
  final List<Span> typeSpans = new ArrayList<>();
  final List<Interface> interfaces = new ArrayList<>();
  final List<Span> interfaceSpans = new ArrayList<>();
  /** Per interface: the span of each function, by function name. */
  final List<Map<String, Span>> functionSpans = new ArrayList<>();
  final List<World> worlds = new ArrayList<>();
  final List<Span> worldSpans = new ArrayList<>();
  final List<Map<WorldKey, Span>> importSpans = new ArrayList<>();
  final List<Map<WorldKey, Span>> exportSpans = new ArrayList<>();
  /** Spans of record fields / variant cases, by type index. */
  final Map<Integer, List<Span>> memberSpans = new HashMap<>();

  /** Package → item name → the local interface or world standing for it. */
  final LinkedHashMap<PackageName, LinkedHashMap<String, Foreign>> foreignDeps = new LinkedHashMap<>();
  final List<Span> foreignDepSpans = new ArrayList<>();
  final Map<Integer, Span> unknownTypeSpans = new HashMap<>();
  final List<int[]> requiredResourceTypes = new ArrayList<>();
  final List<Span> requiredResourceSpans = new ArrayList<>();

  /** A local stand-in for an item of another package; {@code world} tells which arena {@code id} is in. */
  record Foreign(boolean world, int id, Span span, List<Stability> stabilities) {}
}
