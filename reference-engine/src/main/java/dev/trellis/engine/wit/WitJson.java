package dev.trellis.engine.wit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trellis.engine.wit.Resolve.Function;
import dev.trellis.engine.wit.Resolve.FunctionKind;
import dev.trellis.engine.wit.Resolve.Interface;
import dev.trellis.engine.wit.Resolve.Package;
import dev.trellis.engine.wit.Resolve.Stability;
import dev.trellis.engine.wit.Resolve.TypeDef;
import dev.trellis.engine.wit.Resolve.TypeDefKind;
import dev.trellis.engine.wit.Resolve.TypeOwner;
import dev.trellis.engine.wit.Resolve.WitType;
import dev.trellis.engine.wit.Resolve.World;
import dev.trellis.engine.wit.Resolve.WorldItem;
import dev.trellis.engine.wit.Resolve.WorldKey;
import java.util.Map;

/**
 * The JSON form of a {@link Resolve}, in the shape wit-parser serializes its {@code Resolve}
 * (the {@code .wit.json} files of its test suite): arenas as arrays, references as indices,
 * absent docs and stability omitted.
 */
public final class WitJson {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private WitJson() {}

  public static String toJsonString(Resolve resolve) {
    try {
      return MAPPER.writeValueAsString(toJson(resolve)) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  public static ObjectNode toJson(Resolve r) {
    ObjectNode root = F.objectNode();
    ArrayNode worlds = root.putArray("worlds");
    for (World w : r.worlds) {
      ObjectNode o = worlds.addObject();
      o.put("name", w.name);
      docs(o, w.docs);
      o.set("imports", items(w.imports));
      o.set("exports", items(w.exports));
      o.set("package", w.pkg == null ? F.nullNode() : F.numberNode(w.pkg));
      stability(o, w.stability);
    }
    ArrayNode ifaces = root.putArray("interfaces");
    for (Interface i : r.interfaces) {
      ObjectNode o = ifaces.addObject();
      o.put("name", i.name);
      ObjectNode types = o.putObject("types");
      i.types.forEach(types::put);
      ObjectNode funcs = o.putObject("functions");
      i.functions.forEach((n, f) -> funcs.set(n, function(f)));
      docs(o, i.docs);
      stability(o, i.stability);
      o.set("package", i.pkg == null ? F.nullNode() : F.numberNode(i.pkg));
    }
    ArrayNode types = root.putArray("types");
    for (TypeDef t : r.types) {
      ObjectNode o = types.addObject();
      o.put("name", t.name());
      o.set("kind", kind(t.kind()));
      o.set("owner", switch (t.owner()) {
        case TypeOwner.NoOwner n -> F.nullNode();
        case TypeOwner.OfInterface i -> F.objectNode().put("interface", i.id());
        case TypeOwner.OfWorld w -> F.objectNode().put("world", w.id());
      });
      docs(o, t.docs());
      stability(o, t.stability());
    }
    ArrayNode pkgs = root.putArray("packages");
    for (Package p : r.packages) {
      ObjectNode o = pkgs.addObject();
      o.put("name", p.name.toString());
      docs(o, p.docs);
      ObjectNode pi = o.putObject("interfaces");
      p.interfaces.forEach(pi::put);
      ObjectNode pw = o.putObject("worlds");
      p.worlds.forEach(pw::put);
    }
    return root;
  }

  private static ObjectNode items(Map<WorldKey, WorldItem> items) {
    ObjectNode o = F.objectNode();
    items.forEach((k, v) -> {
      String key = switch (k) {
        case WorldKey.Name n -> n.name();
        case WorldKey.Iface i -> "interface-" + i.id();
      };
      o.set(key, switch (v) {
        case WorldItem.InterfaceItem ii -> {
          ObjectNode inner = F.objectNode().put("id", ii.id());
          stability(inner, ii.stability());
          yield F.objectNode().set("interface", inner);
        }
        case WorldItem.FunctionItem fi -> F.objectNode().set("function", function(fi.function()));
        case WorldItem.TypeItem ti -> F.objectNode().put("type", ti.id());
      });
    });
    return o;
  }

  private static ObjectNode function(Function f) {
    ObjectNode o = F.objectNode();
    o.put("name", f.name());
    o.set("kind", switch (f.kind()) {
      case FunctionKind.Freestanding k -> F.textNode(k.async() ? "async-freestanding" : "freestanding");
      case FunctionKind.Method m -> F.objectNode().put(m.async() ? "async-method" : "method", m.resource());
      case FunctionKind.Static s -> F.objectNode().put(s.async() ? "async-static" : "static", s.resource());
      case FunctionKind.Constructor c -> F.objectNode().put("constructor", c.resource());
    });
    ArrayNode params = o.putArray("params");
    for (Resolve.Param p : f.params()) {
      params.addObject().put("name", p.name()).set("type", type(p.type()));
    }
    if (f.result() != null) {
      o.set("result", type(f.result()));
    }
    docs(o, f.docs());
    stability(o, f.stability());
    return o;
  }

  private static JsonNode type(WitType t) {
    if (t == null) {
      return F.nullNode();
    }
    return switch (t) {
      case WitType.Primitive p -> F.textNode(p.type().text());
      case WitType.Ref r -> F.numberNode(r.id());
    };
  }

  private static JsonNode kind(TypeDefKind k) {
    ObjectNode o = F.objectNode();
    switch (k) {
      case TypeDefKind.Resource r -> {
        return F.textNode("resource");
      }
      case TypeDefKind.Unknown u -> {
        return F.textNode("unknown");
      }
      case TypeDefKind.Alias a -> o.set("type", type(a.target()));
      case TypeDefKind.Record rec -> {
        ArrayNode fields = o.putObject("record").putArray("fields");
        for (Resolve.Field f : rec.fields()) {
          ObjectNode fo = fields.addObject().put("name", f.name());
          fo.set("type", type(f.type()));
          docs(fo, f.docs());
        }
      }
      case TypeDefKind.Flags fl -> {
        ArrayNode flags = o.putObject("flags").putArray("flags");
        for (Resolve.Flag f : fl.flags()) {
          docs(flags.addObject().put("name", f.name()), f.docs());
        }
      }
      case TypeDefKind.Enum e -> {
        ArrayNode cases = o.putObject("enum").putArray("cases");
        for (Resolve.EnumCase c : e.cases()) {
          docs(cases.addObject().put("name", c.name()), c.docs());
        }
      }
      case TypeDefKind.Variant v -> {
        ArrayNode cases = o.putObject("variant").putArray("cases");
        for (Resolve.Case c : v.cases()) {
          ObjectNode co = cases.addObject().put("name", c.name());
          co.set("type", type(c.type()));
          docs(co, c.docs());
        }
      }
      case TypeDefKind.Tuple t -> {
        ArrayNode ts = o.putObject("tuple").putArray("types");
        t.types().forEach(x -> ts.add(type(x)));
      }
      case TypeDefKind.ListOf l -> o.set("list", type(l.element()));
      case TypeDefKind.FixedList l -> o.putArray("fixed-length-list").add(type(l.element())).add(l.length());
      case TypeDefKind.MapOf m -> o.putArray("map").add(type(m.key())).add(type(m.value()));
      case TypeDefKind.Option op -> o.set("option", type(op.type()));
      case TypeDefKind.Result r -> {
        ObjectNode ro = o.putObject("result");
        ro.set("ok", type(r.ok()));
        ro.set("err", type(r.err()));
      }
      case TypeDefKind.Own own -> o.putObject("handle").put("own", own.resource());
      case TypeDefKind.Borrow b -> o.putObject("handle").put("borrow", b.resource());
      case TypeDefKind.Future fu -> o.set("future", type(fu.type()));
      case TypeDefKind.Stream s -> o.set("stream", type(s.type()));
    }
    return o;
  }

  private static void docs(ObjectNode o, String docs) {
    if (docs != null) {
      o.putObject("docs").put("contents", docs);
    }
  }

  private static void stability(ObjectNode o, Stability s) {
    switch (s) {
      case Stability.Unknown u -> { }
      case Stability.Stable st -> {
        ObjectNode in = o.putObject("stability").putObject("stable").put("since", st.since());
        if (st.deprecated() != null) {
          in.put("deprecated", st.deprecated());
        }
      }
      case Stability.Unstable un -> {
        ObjectNode in = o.putObject("stability").putObject("unstable").put("feature", un.feature());
        if (un.deprecated() != null) {
          in.put("deprecated", un.deprecated());
        }
      }
    }
  }
}
