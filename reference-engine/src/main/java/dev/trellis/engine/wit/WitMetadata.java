package dev.trellis.engine.wit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trellis.engine.wit.Resolve.Function;
import dev.trellis.engine.wit.Resolve.Interface;
import dev.trellis.engine.wit.Resolve.Stability;
import dev.trellis.engine.wit.Resolve.TypeDef;
import dev.trellis.engine.wit.Resolve.TypeDefKind;
import dev.trellis.engine.wit.Resolve.World;
import dev.trellis.engine.wit.Resolve.WorldItem;
import dev.trellis.engine.wit.Resolve.WorldKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The {@code package-docs} custom section of an encoded WIT package: a version byte (1) and
 * JSON with what component types cannot say — docs of packages, interfaces, worlds, types
 * and their fields or cases, and functions — plus the gates ({@code @since},
 * {@code @unstable}, {@code @deprecated}) of those items, under {@code "stability"} keys.
 */
final class WitMetadata {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private WitMetadata() {}

  static byte[] encode(Resolve r, int pkg, Collection<String> interfaces, Collection<String> worlds) {
    Resolve.Package p = r.packages.get(pkg);
    ObjectNode root = F.objectNode();
    if (p.docs != null) {
      root.put("docs", p.docs);
    }
    ObjectNode ws = F.objectNode();
    for (String name : worlds) {
      ObjectNode w = world(r, r.worlds.get(p.worlds.get(name)));
      if (!w.isEmpty()) {
        ws.set(name, w);
      }
    }
    if (!ws.isEmpty()) {
      root.set("worlds", ws);
    }
    ObjectNode is = F.objectNode();
    for (String name : interfaces) {
      ObjectNode i = iface(r, r.interfaces.get(p.interfaces.get(name)));
      if (!i.isEmpty()) {
        is.set(name, i);
      }
    }
    if (!is.isEmpty()) {
      root.set("interfaces", is);
    }
    try {
      byte[] json = MAPPER.writeValueAsBytes(root);
      byte[] out = new byte[json.length + 1];
      out[0] = 1;
      System.arraycopy(json, 0, out, 1, json.length);
      return out;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ObjectNode world(Resolve r, World w) {
    ObjectNode o = F.objectNode();
    docs(o, w.docs);
    stability(o, w.stability);
    ObjectNode types = F.objectNode();
    ObjectNode funcs = F.objectNode();
    ObjectNode ifaceImports = F.objectNode();
    ObjectNode importStability = F.objectNode();
    for (var e : w.imports.entrySet()) {
      String name = r.nameOf(e.getKey());
      switch (e.getValue()) {
        case WorldItem.TypeItem ti -> put(types, name, type(r.types.get(ti.id())));
        case WorldItem.FunctionItem fi -> put(funcs, name, func(fi.function()));
        case WorldItem.InterfaceItem ii -> {
          if (e.getKey() instanceof WorldKey.Name && r.interfaces.get(ii.id()).name == null) {
            put(ifaceImports, name, iface(r, r.interfaces.get(ii.id())));
          } else {
            stability(importStability, name, ii.stability());
          }
        }
      }
    }
    ObjectNode ifaceExports = F.objectNode();
    ObjectNode funcExports = F.objectNode();
    ObjectNode exportStability = F.objectNode();
    for (var e : w.exports.entrySet()) {
      String name = r.nameOf(e.getKey());
      switch (e.getValue()) {
        case WorldItem.FunctionItem fi -> put(funcExports, name, func(fi.function()));
        case WorldItem.InterfaceItem ii -> {
          if (e.getKey() instanceof WorldKey.Name && r.interfaces.get(ii.id()).name == null) {
            put(ifaceExports, name, iface(r, r.interfaces.get(ii.id())));
          } else {
            stability(exportStability, name, ii.stability());
          }
        }
        case WorldItem.TypeItem ti -> { }
      }
    }
    putIf(o, "interface_imports", ifaceImports);
    putIf(o, "types", types);
    putIf(o, "funcs", funcs);
    putIf(o, "interface_exports", ifaceExports);
    putIf(o, "func_exports", funcExports);
    putIf(o, "interface_import_stability", importStability);
    putIf(o, "interface_export_stability", exportStability);
    return o;
  }

  private static ObjectNode iface(Resolve r, Interface i) {
    ObjectNode o = F.objectNode();
    docs(o, i.docs);
    stability(o, i.stability);
    ObjectNode funcs = F.objectNode();
    for (Function f : i.functions.values()) {
      put(funcs, f.name(), func(f));
    }
    ObjectNode types = F.objectNode();
    for (var e : i.types.entrySet()) {
      put(types, e.getKey(), type(r.types.get(e.getValue())));
    }
    putIf(o, "funcs", funcs);
    putIf(o, "types", types);
    return o;
  }

  private static ObjectNode func(Function f) {
    ObjectNode o = F.objectNode();
    docs(o, f.docs());
    stability(o, f.stability());
    return o;
  }

  private static ObjectNode type(TypeDef t) {
    ObjectNode o = F.objectNode();
    docs(o, t.docs());
    stability(o, t.stability());
    ObjectNode items = F.objectNode();
    switch (t.kind()) {
      case TypeDefKind.Record rec -> rec.fields().forEach(f -> {
        if (f.docs() != null) {
          items.put(f.name(), f.docs());
        }
      });
      case TypeDefKind.Variant v -> v.cases().forEach(c -> {
        if (c.docs() != null) {
          items.put(c.name(), c.docs());
        }
      });
      case TypeDefKind.Enum e -> e.cases().forEach(c -> {
        if (c.docs() != null) {
          items.put(c.name(), c.docs());
        }
      });
      case TypeDefKind.Flags fl -> fl.flags().forEach(f -> {
        if (f.docs() != null) {
          items.put(f.name(), f.docs());
        }
      });
      default -> { }
    }
    putIf(o, "items", items);
    return o;
  }

  private static void put(ObjectNode o, String name, ObjectNode value) {
    if (!value.isEmpty()) {
      o.set(name, value);
    }
  }

  private static void putIf(ObjectNode o, String key, ObjectNode value) {
    if (!value.isEmpty()) {
      o.set(key, value);
    }
  }

  private static void docs(ObjectNode o, String docs) {
    if (docs != null) {
      o.put("docs", docs);
    }
  }

  private static void stability(ObjectNode o, Stability s) {
    stability(o, "stability", s);
  }

  private static void stability(ObjectNode o, String key, Stability s) {
    switch (s) {
      case Stability.Unknown u -> { }
      case Stability.Stable st -> {
        ObjectNode in = o.putObject(key).putObject("stable").put("since", st.since());
        if (st.deprecated() != null) {
          in.put("deprecated", st.deprecated());
        }
      }
      case Stability.Unstable un -> {
        ObjectNode in = o.putObject(key).putObject("unstable").put("feature", un.feature());
        if (un.deprecated() != null) {
          in.put("deprecated", un.deprecated());
        }
      }
    }
  }

  // ------------------------------------------------------------------ decoding

  /** Applies a {@code package-docs} payload to package {@code pkg} of {@code r}; unknown keys are ignored. */
  static void apply(Resolve r, int pkg, byte[] payload) {
    if (payload.length == 0 || (payload[0] != 0 && payload[0] != 1)) {
      return;
    }
    JsonNode root;
    try {
      root = MAPPER.readTree(new String(payload, 1, payload.length - 1, StandardCharsets.UTF_8));
    } catch (IOException e) {
      return; // documentation is advisory: a broken section loses docs, not the package
    }
    if (root == null || !root.isObject()) {
      return;
    }
    Resolve.Package p = r.packages.get(pkg);
    if (root.hasNonNull("docs")) {
      p.docs = root.get("docs").asText();
    }
    for (var e : fields(root.get("worlds"))) {
      Integer w = p.worlds.get(e.getKey());
      if (w != null) {
        applyWorld(r, r.worlds.get(w), e.getValue());
      }
    }
    for (var e : fields(root.get("interfaces"))) {
      Integer i = p.interfaces.get(e.getKey());
      if (i != null) {
        applyIface(r, r.interfaces.get(i), e.getValue());
      }
    }
  }

  private static List<Map.Entry<String, JsonNode>> fields(JsonNode n) {
    List<Map.Entry<String, JsonNode>> out = new ArrayList<>();
    if (n != null && n.isObject()) {
      Iterator<Map.Entry<String, JsonNode>> it = n.fields();
      it.forEachRemaining(out::add);
    }
    return out;
  }

  private static void applyWorld(Resolve r, World w, JsonNode n) {
    w.docs = text(n, "docs", w.docs);
    w.stability = stabilityOf(n.get("stability"), w.stability);
    for (var items : List.of(w.imports, w.exports)) {
      for (var e : items.entrySet()) {
        String name = r.nameOf(e.getKey());
        boolean imp = items == w.imports;
        switch (e.getValue()) {
          case WorldItem.TypeItem ti -> {
            JsonNode t = n.path("types").get(name);
            if (t != null) {
              r.types.set(ti.id(), applyType(r.types.get(ti.id()), t));
            }
          }
          case WorldItem.FunctionItem fi -> {
            JsonNode f = n.path(imp ? "funcs" : "func_exports").get(name);
            if (f != null) {
              e.setValue(new WorldItem.FunctionItem(applyFunc(fi.function(), f)));
            }
          }
          case WorldItem.InterfaceItem ii -> {
            if (e.getKey() instanceof WorldKey.Name && r.interfaces.get(ii.id()).name == null) {
              JsonNode i = n.path(imp ? "interface_imports" : "interface_exports").get(name);
              if (i != null) {
                applyIface(r, r.interfaces.get(ii.id()), i);
                e.setValue(new WorldItem.InterfaceItem(ii.id(), r.interfaces.get(ii.id()).stability));
              }
            } else {
              JsonNode st = n.path(imp ? "interface_import_stability" : "interface_export_stability").get(name);
              if (st != null) {
                e.setValue(new WorldItem.InterfaceItem(ii.id(), stabilityOf(st, ii.stability())));
              }
            }
          }
        }
      }
    }
  }

  private static void applyIface(Resolve r, Interface i, JsonNode n) {
    i.docs = text(n, "docs", i.docs);
    i.stability = stabilityOf(n.get("stability"), i.stability);
    for (var e : fields(n.get("funcs"))) {
      Function f = i.functions.get(e.getKey());
      if (f != null) {
        i.functions.put(e.getKey(), applyFunc(f, e.getValue()));
      }
    }
    for (var e : fields(n.get("types"))) {
      Integer t = i.types.get(e.getKey());
      if (t != null) {
        r.types.set(t, applyType(r.types.get(t), e.getValue()));
      }
    }
  }

  private static Function applyFunc(Function f, JsonNode n) {
    return new Function(f.name(), f.kind(), f.params(), f.result(), text(n, "docs", f.docs()),
        stabilityOf(n.get("stability"), f.stability()));
  }

  private static TypeDef applyType(TypeDef t, JsonNode n) {
    JsonNode items = n.get("items");
    TypeDefKind kind = t.kind();
    if (items != null && items.isObject()) {
      kind = switch (kind) {
        case TypeDefKind.Record rec -> new TypeDefKind.Record(rec.fields().stream()
            .map(f -> new Resolve.Field(f.name(), f.type(), text(items, f.name(), f.docs()))).toList());
        case TypeDefKind.Variant v -> new TypeDefKind.Variant(v.cases().stream()
            .map(c -> new Resolve.Case(c.name(), c.type(), text(items, c.name(), c.docs()))).toList());
        case TypeDefKind.Enum en -> new TypeDefKind.Enum(en.cases().stream()
            .map(c -> new Resolve.EnumCase(c.name(), text(items, c.name(), c.docs()))).toList());
        case TypeDefKind.Flags fl -> new TypeDefKind.Flags(fl.flags().stream()
            .map(f -> new Resolve.Flag(f.name(), text(items, f.name(), f.docs()))).toList());
        default -> kind;
      };
    }
    return new TypeDef(t.name(), kind, t.owner(), text(n, "docs", t.docs()),
        stabilityOf(n.get("stability"), t.stability()));
  }

  private static String text(JsonNode n, String key, String dflt) {
    JsonNode v = n.get(key);
    return v != null && v.isTextual() ? v.asText() : dflt;
  }

  private static Stability stabilityOf(JsonNode n, Stability dflt) {
    if (n == null || !n.isObject()) {
      return dflt;
    }
    JsonNode st = n.get("stable");
    if (st != null && st.hasNonNull("since")) {
      return new Stability.Stable(st.get("since").asText(), st.hasNonNull("deprecated")
          ? st.get("deprecated").asText() : null);
    }
    JsonNode un = n.get("unstable");
    if (un != null && un.hasNonNull("feature")) {
      return new Stability.Unstable(un.get("feature").asText(), un.hasNonNull("deprecated")
          ? un.get("deprecated").asText() : null);
    }
    return dflt;
  }
}
