package dev.trellis.engine.binary;

import java.util.List;

/**
 * Encodes the component AST to the binary format of Binary.md: every integer as a minimal
 * LEB128, every section size recomputed from its contents, nested components encoded
 * recursively, core modules and custom section payloads written as they are.
 *
 * <p>{@code encode(ComponentDecoder.decode(b))} reproduces {@code b} whenever {@code b} itself
 * uses minimal LEB128s (everything wasm-tools and this encoder write). A record that cannot be
 * encoded (a value out of its field's range) raises {@link IllegalArgumentException}: that is
 * a bug of whoever built the AST, not bad user input.
 */
public final class ComponentEncoder {
  private static final byte[] PREAMBLE = {0x00, 0x61, 0x73, 0x6d, Component.VERSION, 0x00, Component.LAYER, 0x00};

  private ComponentEncoder() {}

  /** The binary of {@code component}, preamble included. */
  public static byte[] encode(Component component) {
    LebWriter out = new LebWriter(256);
    component(out, component);
    return out.toByteArray();
  }

  private static void component(LebWriter out, Component c) {
    out.bytes(PREAMBLE);
    LebWriter body = new LebWriter(256);
    for (Section s : c.sections()) {
      body.reset();
      int id = section(body, s);
      out.u8(id).u32(body.size()).bytes(body);
    }
  }

  /** Writes the body of section {@code s} to {@code w}; returns the section id. */
  private static int section(LebWriter w, Section s) {
    return switch (s) {
      case Section.Custom c -> {
        w.name(c.name());
        w.bytes(c.data().unsafeArray());
        yield 0;
      }
      case Section.CoreModule m -> {
        w.bytes(m.module().unsafeArray());
        yield 1;
      }
      case Section.CoreInstances ci -> {
        w.u32(ci.items().size());
        for (CoreInstance i : ci.items()) {
          coreInstance(w, i);
        }
        yield 2;
      }
      case Section.CoreTypes ct -> {
        w.u32(ct.items().size());
        for (CoreTypeDef t : ct.items()) {
          coreDefType(w, t.type());
        }
        yield 3;
      }
      case Section.NestedComponent n -> {
        component(w, n.component());
        yield 4;
      }
      case Section.Instances is -> {
        w.u32(is.items().size());
        for (Instance i : is.items()) {
          instance(w, i);
        }
        yield 5;
      }
      case Section.Aliases as -> {
        w.u32(as.items().size());
        for (Alias a : as.items()) {
          alias(w, a);
        }
        yield 6;
      }
      case Section.Types ts -> {
        w.u32(ts.items().size());
        for (TypeDef t : ts.items()) {
          defType(w, t.type());
        }
        yield 7;
      }
      case Section.Canons cs -> {
        w.u32(cs.items().size());
        for (CanonDef c : cs.items()) {
          canon(w, c.canon());
        }
        yield 8;
      }
      case Section.Start st -> {
        StartDef d = st.start();
        w.u32(d.func());
        w.u32(d.args().size());
        for (int a : d.args()) {
          w.u32(a);
        }
        w.u32(d.results());
        yield 9;
      }
      case Section.Imports is -> {
        w.u32(is.items().size());
        for (Import i : is.items()) {
          externName(w, i.name());
          externDesc(w, i.desc());
        }
        yield 10;
      }
      case Section.Exports es -> {
        w.u32(es.items().size());
        for (Export e : es.items()) {
          externName(w, e.name());
          sortIdx(w, e.item());
          if (e.ascribed() == null) {
            w.u8(0x00);
          } else {
            w.u8(0x01);
            externDesc(w, e.ascribed());
          }
        }
        yield 11;
      }
      case Section.Values vs -> {
        w.u32(vs.items().size());
        for (ValueDef v : vs.items()) {
          valType(w, v.type());
          w.u32(v.value().length());
          w.bytes(v.value().unsafeArray());
        }
        yield 12;
      }
    };
  }

  // ---------------------------------------------------------------- instances and aliases

  private static void coreInstance(LebWriter w, CoreInstance i) {
    switch (i) {
      case CoreInstance.Instantiate in -> {
        w.u8(0x00).u32(in.module()).u32(in.args().size());
        for (CoreInstance.Arg a : in.args()) {
          w.name(a.name()).u8(0x12).u32(a.instance());
        }
      }
      case CoreInstance.FromExports fe -> {
        w.u8(0x01).u32(fe.exports().size());
        for (CoreInstance.InlineExport e : fe.exports()) {
          w.name(e.name());
          coreSort(w, e.sort());
          w.u32(e.index());
        }
      }
    }
  }

  private static void instance(LebWriter w, Instance i) {
    switch (i) {
      case Instance.Instantiate in -> {
        w.u8(0x00).u32(in.component()).u32(in.args().size());
        for (Instance.Arg a : in.args()) {
          w.name(a.name());
          sortIdx(w, a.item());
        }
      }
      case Instance.FromExports fe -> {
        w.u8(0x01).u32(fe.exports().size());
        for (Instance.InlineExport e : fe.exports()) {
          externName(w, e.name());
          sortIdx(w, e.item());
        }
      }
    }
  }

  private static void alias(LebWriter w, Alias a) {
    sort(w, a.sort());
    switch (a.target()) {
      case Alias.Export e -> w.u8(0x00).u32(e.instance()).name(e.name());
      case Alias.CoreExport e -> w.u8(0x01).u32(e.instance()).name(e.name());
      case Alias.Outer o -> w.u8(0x02).u32(o.count()).u32(o.index());
    }
  }

  private static void coreSort(LebWriter w, Sort s) {
    if (!s.isCore()) {
      throw new IllegalArgumentException("not a core sort: " + s);
    }
    w.u8(s.code());
  }

  /** {@code sort}: core sorts take a 0x00 prefix. */
  private static void sort(LebWriter w, Sort s) {
    if (s.isCore()) {
      w.u8(0x00);
    }
    w.u8(s.code());
  }

  private static void sortIdx(LebWriter w, SortIdx si) {
    sort(w, si.sort());
    w.u32(si.index());
  }

  // ---------------------------------------------------------------- names

  private static void externName(LebWriter w, ExternName n) {
    int form = n.form();
    if (form < 0 || form > 2) {
      throw new IllegalArgumentException("nameattributes form must be 0, 1 or 2: " + form);
    }
    if (form != 2 && !n.attributes().isEmpty()) {
      throw new IllegalArgumentException("only form 0x02 names carry attributes: " + n);
    }
    w.u8(form).name(n.name());
    if (form == 2) {
      w.u32(n.attributes().size());
      for (ExternName.Attribute a : n.attributes()) {
        switch (a) {
          case ExternName.Implements im -> w.u8(0x00).name(im.interfaceName());
          case ExternName.VersionSuffix vs -> w.u8(0x01).name(vs.suffix());
          case ExternName.ExternalId id -> w.u8(0x02).name(id.id());
        }
      }
    }
  }

  private static void externDesc(LebWriter w, ExternDesc d) {
    switch (d) {
      case ExternDesc.CoreModule m -> w.u8(0x00).u8(0x11).u32(m.coreType());
      case ExternDesc.Func f -> w.u8(0x01).u32(f.type());
      case ExternDesc.Value v -> {
        w.u8(0x02);
        switch (v.bound()) {
          case ExternDesc.ValueEq eq -> w.u8(0x00).u32(eq.value());
          case ExternDesc.ValueOf of -> {
            w.u8(0x01);
            valType(w, of.type());
          }
        }
      }
      case ExternDesc.Type t -> {
        w.u8(0x03);
        switch (t.bound()) {
          case ExternDesc.Eq eq -> w.u8(0x00).u32(eq.type());
          case ExternDesc.SubResource sr -> w.u8(0x01);
        }
      }
      case ExternDesc.Component c -> w.u8(0x04).u32(c.type());
      case ExternDesc.Instance i -> w.u8(0x05).u32(i.type());
    }
  }

  // ---------------------------------------------------------------- component types

  /** {@code valtype}: a primitive opcode, or a type index as a non-negative s33. */
  private static void valType(LebWriter w, ValTypeRef t) {
    switch (t) {
      case PrimValType p -> w.u8(p.code());
      case ValTypeRef.Index i -> w.s64(Integer.toUnsignedLong(i.index()));
    }
  }

  private static void optValType(LebWriter w, ValTypeRef t) {
    if (t == null) {
      w.u8(0x00);
    } else {
      w.u8(0x01);
      valType(w, t);
    }
  }

  private static void resultList(LebWriter w, ValTypeRef result) {
    if (result == null) {
      w.u8(0x01).u8(0x00);
    } else {
      w.u8(0x00);
      valType(w, result);
    }
  }

  private static void labels(LebWriter w, List<String> labels) {
    w.u32(labels.size());
    for (String l : labels) {
      w.name(l);
    }
  }

  private static void defType(LebWriter w, DefType t) {
    switch (t) {
      case DefType.PrimitiveDef p -> w.u8(p.type().code());
      case DefType.RecordDef r -> {
        w.u8(0x72).u32(r.fields().size());
        for (DefType.Field f : r.fields()) {
          w.name(f.label());
          valType(w, f.type());
        }
      }
      case DefType.VariantDef v -> {
        w.u8(0x71).u32(v.cases().size());
        for (DefType.Case c : v.cases()) {
          w.name(c.label());
          optValType(w, c.type());
          w.u8(0x00);
        }
      }
      case DefType.ListDef l -> {
        w.u8(0x70);
        valType(w, l.element());
      }
      case DefType.FixedListDef l -> {
        if (l.length() < 0 || l.length() > 0xffff_ffffL) {
          throw new IllegalArgumentException("fixed list length out of u32 range: " + l.length());
        }
        w.u8(0x67);
        valType(w, l.element());
        w.u64(l.length());
      }
      case DefType.TupleDef tu -> {
        w.u8(0x6f).u32(tu.types().size());
        for (ValTypeRef e : tu.types()) {
          valType(w, e);
        }
      }
      case DefType.FlagsDef f -> {
        w.u8(0x6e);
        labels(w, f.labels());
      }
      case DefType.EnumDef e -> {
        w.u8(0x6d);
        labels(w, e.labels());
      }
      case DefType.OptionDef o -> {
        w.u8(0x6b);
        valType(w, o.type());
      }
      case DefType.ResultDef r -> {
        w.u8(0x6a);
        optValType(w, r.ok());
        optValType(w, r.error());
      }
      case DefType.OwnDef o -> w.u8(0x69).u32(o.resource());
      case DefType.BorrowDef b -> w.u8(0x68).u32(b.resource());
      case DefType.StreamDef s -> {
        w.u8(0x66);
        optValType(w, s.element());
      }
      case DefType.FutureDef f -> {
        w.u8(0x65);
        optValType(w, f.element());
      }
      case DefType.MapDef m -> {
        w.u8(0x63);
        valType(w, m.key());
        valType(w, m.value());
      }
      case DefType.FuncDef f -> {
        w.u8(f.async() ? 0x43 : 0x40).u32(f.params().size());
        for (DefType.Param p : f.params()) {
          w.name(p.label());
          valType(w, p.type());
        }
        resultList(w, f.result());
      }
      case DefType.ComponentDef c -> {
        w.u8(0x41);
        decls(w, c.decls());
      }
      case DefType.InstanceDef i -> {
        w.u8(0x42);
        decls(w, i.decls());
      }
      case DefType.ResourceDef r -> {
        if (r.asyncCallback() != null) {
          throw new IllegalArgumentException("async resource destructors (0x3e) are not in the binary format");
        }
        w.u8(0x3f);
        coreValType(w, r.rep());
        if (r.destructor() == null) {
          w.u8(0x00);
        } else {
          w.u8(0x01).u32(r.destructor());
        }
      }
    }
  }

  private static void decls(LebWriter w, List<Decl> decls) {
    w.u32(decls.size());
    for (Decl d : decls) {
      switch (d) {
        case Decl.CoreTypeDecl ct -> {
          w.u8(0x00);
          coreDefType(w, ct.type());
        }
        case Decl.TypeDecl td -> {
          w.u8(0x01);
          defType(w, td.type());
        }
        case Decl.AliasDecl ad -> {
          w.u8(0x02);
          alias(w, ad.alias());
        }
        case Decl.ImportDecl id -> {
          w.u8(0x03);
          externName(w, id.name());
          externDesc(w, id.desc());
        }
        case Decl.ExportDecl ed -> {
          w.u8(0x04);
          externName(w, ed.name());
          externDesc(w, ed.desc());
        }
      }
    }
  }

  // ---------------------------------------------------------------- canon

  private static void opts(LebWriter w, List<CanonOpt> opts) {
    w.u32(opts.size());
    for (CanonOpt o : opts) {
      switch (o) {
        case CanonOpt.StringEncoding se -> w.u8(se.code());
        case CanonOpt.Memory m -> w.u8(0x03).u32(m.index());
        case CanonOpt.Realloc r -> w.u8(0x04).u32(r.index());
        case CanonOpt.PostReturn p -> w.u8(0x05).u32(p.index());
        case CanonOpt.Async a -> w.u8(0x06);
        case CanonOpt.Callback c -> w.u8(0x07).u32(c.index());
        case CanonOpt.CoreType ct -> w.u8(0x08).u32(ct.index());
        case CanonOpt.Gc g -> w.u8(0x09);
      }
    }
  }

  private static int bool(boolean b) {
    return b ? 1 : 0;
  }

  private static void canon(LebWriter w, Canon c) {
    switch (c) {
      case Canon.Lift l -> {
        w.u8(0x00).u8(0x00).u32(l.coreFunc());
        opts(w, l.opts());
        w.u32(l.type());
      }
      case Canon.Lower l -> {
        w.u8(0x01).u8(0x00).u32(l.func());
        opts(w, l.opts());
      }
      case Canon.ResourceNew r -> w.u8(0x02).u32(r.type());
      case Canon.ResourceDrop r -> w.u8(r.async() ? 0x07 : 0x03).u32(r.type());
      case Canon.ResourceRep r -> w.u8(0x04).u32(r.type());
      case Canon.BackpressureSet b -> w.u8(0x08);
      case Canon.BackpressureInc b -> w.u8(0x24);
      case Canon.BackpressureDec b -> w.u8(0x25);
      case Canon.TaskReturn t -> {
        w.u8(0x09);
        resultList(w, t.result());
        opts(w, t.opts());
      }
      case Canon.TaskCancel t -> w.u8(0x05);
      case Canon.ContextGet g -> {
        w.u8(0x0a);
        coreValType(w, g.type());
        w.u32(g.slot());
      }
      case Canon.ContextSet s -> {
        w.u8(0x0b);
        coreValType(w, s.type());
        w.u32(s.slot());
      }
      case Canon.SubtaskCancel s -> w.u8(0x06).u8(bool(s.async()));
      case Canon.SubtaskDrop s -> w.u8(0x0d);
      case Canon.StreamNew s -> w.u8(0x0e).u32(s.type());
      case Canon.StreamRead s -> {
        w.u8(0x0f).u32(s.type());
        opts(w, s.opts());
      }
      case Canon.StreamWrite s -> {
        w.u8(0x10).u32(s.type());
        opts(w, s.opts());
      }
      case Canon.StreamCancelRead s -> w.u8(0x11).u32(s.type()).u8(bool(s.async()));
      case Canon.StreamCancelWrite s -> w.u8(0x12).u32(s.type()).u8(bool(s.async()));
      case Canon.StreamDropReadable s -> w.u8(0x13).u32(s.type());
      case Canon.StreamDropWritable s -> w.u8(0x14).u32(s.type());
      case Canon.FutureNew f -> w.u8(0x15).u32(f.type());
      case Canon.FutureRead f -> {
        w.u8(0x16).u32(f.type());
        opts(w, f.opts());
      }
      case Canon.FutureWrite f -> {
        w.u8(0x17).u32(f.type());
        opts(w, f.opts());
      }
      case Canon.FutureCancelRead f -> w.u8(0x18).u32(f.type()).u8(bool(f.async()));
      case Canon.FutureCancelWrite f -> w.u8(0x19).u32(f.type()).u8(bool(f.async()));
      case Canon.FutureDropReadable f -> w.u8(0x1a).u32(f.type());
      case Canon.FutureDropWritable f -> w.u8(0x1b).u32(f.type());
      case Canon.ErrorContextNew e -> {
        w.u8(0x1c);
        opts(w, e.opts());
      }
      case Canon.ErrorContextDebugMessage e -> {
        w.u8(0x1d);
        opts(w, e.opts());
      }
      case Canon.ErrorContextDrop e -> w.u8(0x1e);
      case Canon.WaitableSetNew x -> w.u8(0x1f);
      case Canon.WaitableSetWait x -> w.u8(0x20).u8(bool(x.cancellable())).u32(x.memory());
      case Canon.WaitableSetPoll x -> w.u8(0x21).u8(bool(x.cancellable())).u32(x.memory());
      case Canon.WaitableSetDrop x -> w.u8(0x22);
      case Canon.WaitableJoin x -> w.u8(0x23);
      case Canon.ThreadIndex x -> w.u8(0x26);
      case Canon.ThreadNewIndirect x -> w.u8(0x27).u32(x.coreType()).u32(x.table());
      case Canon.ThreadResumeLater x -> w.u8(0x28);
      case Canon.ThreadSuspend x -> w.u8(0x29).u8(bool(x.cancellable()));
      case Canon.ThreadYield x -> w.u8(0x0c).u8(bool(x.cancellable()));
      case Canon.ThreadSuspendThenResume x -> w.u8(0x2a).u8(bool(x.cancellable()));
      case Canon.ThreadYieldThenResume x -> w.u8(0x2b).u8(bool(x.cancellable()));
      case Canon.ThreadSuspendThenPromote x -> w.u8(0x2c).u8(bool(x.cancellable()));
      case Canon.ThreadYieldThenPromote x -> w.u8(0x2d).u8(bool(x.cancellable()));
      case Canon.ThreadSpawnRef x -> w.u8(0x40).u8(bool(x.shared())).u32(x.coreType());
      case Canon.ThreadSpawnIndirect x -> w.u8(0x41).u8(bool(x.shared())).u32(x.coreType()).u32(x.table());
      case Canon.ThreadAvailableParallelism x -> w.u8(0x42).u8(bool(x.shared()));
    }
  }

  // ---------------------------------------------------------------- core types

  /** A {@code core:deftype} at component level (core type section, component/instance type decl). */
  private static void coreDefType(LebWriter w, CoreDefType t) {
    switch (t) {
      case CoreDefType.RecGroup rg -> recGroup(w, rg);
      case CoreDefType.Sub s -> subType(w, s.type(), true);
      case CoreDefType.ModuleType mt -> {
        w.u8(0x50).u32(mt.decls().size());
        for (CoreDefType.ModuleDecl d : mt.decls()) {
          moduleDecl(w, d);
        }
      }
    }
  }

  private static void recGroup(LebWriter w, CoreDefType.RecGroup rg) {
    w.u8(0x4e).u32(rg.types().size());
    for (CoreSubType s : rg.types()) {
      subType(w, s, false);
    }
  }

  /**
   * A {@code subtype}; {@code componentLevel} selects the {@code 0x00 0x50} spelling of a
   * non-final sub type that disambiguates it from a module type.
   */
  private static void subType(LebWriter w, CoreSubType s, boolean componentLevel) {
    switch (s.form()) {
      case PLAIN -> {
        if (!s.supertypes().isEmpty()) {
          throw new IllegalArgumentException("a plain comptype has no supertypes: " + s);
        }
      }
      case FINAL -> w.u8(0x4f);
      case NON_FINAL -> {
        if (componentLevel) {
          w.u8(0x00);
        }
        w.u8(0x50);
      }
    }
    if (s.form() != CoreSubType.Form.PLAIN) {
      w.u32(s.supertypes().size());
      for (int x : s.supertypes()) {
        w.u32(x);
      }
    }
    if (s.shared()) {
      w.u8(0x65);
    }
    compType(w, s.comp());
  }

  private static void compType(LebWriter w, CoreCompType c) {
    switch (c) {
      case CoreCompType.Func f -> {
        w.u8(0x60).u32(f.params().size());
        for (CoreValType p : f.params()) {
          coreValType(w, p);
        }
        w.u32(f.results().size());
        for (CoreValType r : f.results()) {
          coreValType(w, r);
        }
      }
      case CoreCompType.Struct s -> {
        w.u8(0x5f).u32(s.fields().size());
        for (CoreCompType.FieldType f : s.fields()) {
          fieldType(w, f);
        }
      }
      case CoreCompType.Array a -> {
        w.u8(0x5e);
        fieldType(w, a.element());
      }
    }
  }

  private static void fieldType(LebWriter w, CoreCompType.FieldType f) {
    if (f.packed() != 0) {
      if (f.packed() != 0x78 && f.packed() != 0x77) {
        throw new IllegalArgumentException("packed storage type must be 0x78 (i8) or 0x77 (i16): " + f.packed());
      }
      w.u8(f.packed());
    } else {
      coreValType(w, f.type());
    }
    w.u8(bool(f.mutable()));
  }

  /** A core {@code valtype}; nullable abstract references use their one-byte shorthand. */
  static void coreValType(LebWriter w, CoreValType t) {
    switch (t) {
      case CoreValType.Num n -> w.u8(n.code());
      case CoreValType.Ref r -> {
        if (r.nullable() && !r.isConcrete()) {
          absHeap(w, r);
        } else {
          w.u8(r.nullable() ? 0x63 : 0x64);
          if (r.isConcrete()) {
            w.s64(r.typeIndex());
          } else {
            absHeap(w, r);
          }
        }
      }
    }
  }

  private static void absHeap(LebWriter w, CoreValType.Ref r) {
    if (r.heap() < 0x40 || r.heap() > 0x7f) {
      throw new IllegalArgumentException("abstract heap type code out of range: " + r.heap());
    }
    if (r.shared()) {
      w.u8(0x65);
    }
    w.u8(r.heap());
  }

  private static void moduleDecl(LebWriter w, CoreDefType.ModuleDecl d) {
    switch (d) {
      case CoreDefType.ImportDecl i -> {
        w.u8(0x00).name(i.module()).name(i.name());
        coreExternType(w, i.type());
      }
      case CoreDefType.TypeDecl t -> {
        w.u8(0x01);
        switch (t.type()) {
          case CoreDefType.RecGroup rg -> recGroup(w, rg);
          case CoreDefType.Sub s -> subType(w, s.type(), false);
          case CoreDefType.ModuleType mt ->
              throw new IllegalArgumentException("a module type cannot declare a module type");
        }
      }
      case CoreDefType.OuterAliasDecl a -> w.u8(0x02).u8(0x10).u8(0x01).u32(a.count()).u32(a.index());
      case CoreDefType.ExportDecl e -> {
        w.u8(0x03).name(e.name());
        coreExternType(w, e.type());
      }
    }
  }

  private static void coreExternType(LebWriter w, CoreExternType t) {
    switch (t) {
      case CoreExternType.Func f -> w.u8(0x00).u32(f.type());
      case CoreExternType.Table tb -> {
        w.u8(0x01);
        coreValType(w, tb.element());
        limits(w, tb.limits());
      }
      case CoreExternType.Memory m -> {
        w.u8(0x02);
        limits(w, m.limits());
      }
      case CoreExternType.Global g -> {
        w.u8(0x03);
        coreValType(w, g.type());
        w.u8((g.mutable() ? 1 : 0) | (g.shared() ? 2 : 0));
      }
      case CoreExternType.Tag tg -> w.u8(0x04).u8(0x00).u32(tg.type());
    }
  }

  private static void limits(LebWriter w, CoreExternType.Limits l) {
    int flags = l.flags();
    if (flags < 0 || flags > 0xff) {
      throw new IllegalArgumentException("limits flags out of byte range: " + flags);
    }
    if (((flags & 1) != 0) != (l.max() != null) || ((flags & 8) != 0) != (l.pageSizeLog2() != null)) {
      throw new IllegalArgumentException("limits flags disagree with the optional fields: " + l);
    }
    w.u8(flags);
    w.u64(l.min());
    if (l.max() != null) {
      w.u64(l.max());
    }
    if (l.pageSizeLog2() != null) {
      w.u32(l.pageSizeLog2());
    }
  }
}
