package dev.trellis.engine.validate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.engine.binary.CanonOpt;
import dev.trellis.engine.binary.ComponentDecoder;
import dev.trellis.engine.binary.CoreValType;
import dev.trellis.engine.binary.Section;
import dev.trellis.engine.binary.Sort;
import dev.trellis.engine.text.ComponentWat;
import dev.trellis.engine.types.ExternType;
import dev.trellis.engine.types.FuncType;
import dev.trellis.engine.types.InstanceType;
import dev.trellis.engine.types.OwnType;
import dev.trellis.engine.types.PrimType;
import dev.trellis.engine.types.ResourceType;
import org.junit.jupiter.api.Test;

/** The contract the runtime instantiates from: what {@link ComponentInfo} resolves. */
class ComponentInfoTest {

  static ComponentInfo validate(String wat, Features f) {
    return Validator.validate(ComponentDecoder.decode(ComponentWat.assemble(wat, "test.wat", ComponentWat.Options.DEFAULT)), f);
  }

  @Test
  void indexSpacesCanonsAndResourcesAreResolved() {
    ComponentInfo info = validate("""
        (component
          (import "log" (func $log (param "msg" string)))
          (core module $m
            (memory (export "mem") 1)
            (func (export "realloc") (param i32 i32 i32 i32) (result i32) unreachable)
            (func (export "run") (param i32 i32) (result i32) unreachable)
            (func (export "dtor") (param i32)))
          (core instance $i (instantiate $m))
          (core func $log-lowered (canon lower (func $log) (memory (core memory $i "mem")) string-encoding=utf16))
          (type $r (resource (rep i32) (dtor (core func $i "dtor"))))
          (core func $new (canon resource.new $r))
          (export $r2 "r" (type $r))
          (func $run (param "s" string) (result (own $r2))
            (canon lift (core func $i "run") (memory (core memory $i "mem")) (realloc (core func $i "realloc"))))
          (export "run" (func $run)))
        """, Features.DEFAULT);

    assertThat(info.coreModules()).hasSize(1);
    assertThat(info.coreInstances()).hasSize(1);
    assertThat(info.coreMemories()).isNotEmpty(); // one alias per inline (core memory $i "mem")
    assertThat(info.funcs()).hasSize(3); // import, lift, export
    assertThat(info.type().imports()).containsOnlyKeys("log");
    assertThat(info.type().exports()).containsOnlyKeys("r", "run");

    CanonInfo lower = info.canons().get(0);
    assertThat(lower.sort()).isEqualTo(Sort.CORE_FUNC);
    assertThat(lower.options().stringEncoding()).isEqualTo(CanonOpt.StringEncoding.UTF16);
    assertThat(info.coreMemories().get(lower.options().memory()).limits().min()).isEqualTo(1);
    assertThat(lower.coreType().params()).containsExactly(CoreValType.Num.I32, CoreValType.Num.I32);
    assertThat(lower.funcType().params()).extracting(FuncType.Param::type).containsExactly(PrimType.STRING);
    assertThat(info.coreFuncs().get(lower.index())).isEqualTo(lower.coreType());

    CanonInfo newR = info.canons().get(1);
    assertThat(newR.resource()).isEqualTo(info.resources().get(0).type());
    assertThat(newR.coreType().params()).containsExactly(CoreValType.Num.I32);
    ResourceInfo r = info.resources().get(0);
    assertThat(r.rep()).isEqualTo(CoreValType.Num.I32);
    assertThat(r.destructor()).isNotNull();
    assertThat(info.types().get(r.typeIndex())).isSameAs(r.type());

    CanonInfo lift = info.canons().get(2);
    assertThat(lift.sort()).isEqualTo(Sort.FUNC);
    assertThat(lift.options().realloc()).isNotNull();
    assertThat(lift.options().memory64()).isFalse();
    // the lifted function returns the exported name of the resource: equal to the defined one
    ResourceType exported = (ResourceType) ((ExternType.TypeExtern) info.type().exports().get("r")).type();
    assertThat(((OwnType) lift.funcType().result()).resource()).isEqualTo(r.type()).isEqualTo(exported);
    assertThat(info.type().definedResources()).containsExactly(exported);
    assertThat(info.canon(lift.def())).isSameAs(lift);
  }

  @Test
  void nestedComponentsAndInstancesCarryTheirInfo() {
    ComponentInfo info = validate("""
        (component
          (import "f" (func $f))
          (component $c
            (import "g" (func $g))
            (type $t (resource (rep i32)))
            (export "t" (type $t))
            (export "h" (func $g)))
          (instance $i (instantiate $c (with "g" (func $f))))
          (alias export $i "t" (type $t))
          (instance $j (instantiate $c (with "g" (func $f))))
          (alias export $j "t" (type $u)))
        """, Features.DEFAULT);
    Section.NestedComponent n = info.component().sections().stream()
        .filter(s -> s instanceof Section.NestedComponent).map(s -> (Section.NestedComponent) s).findFirst().orElseThrow();
    ComponentInfo nested = info.nested(n);
    assertThat(nested).isSameAs(info.nested(0));
    assertThat(nested.resources()).hasSize(1);
    InstanceType i = info.instances().get(0);
    assertThat(i.exports()).containsOnlyKeys("t", "h");
    // every instantiation makes fresh resource types
    int count = info.types().size();
    ResourceType t = (ResourceType) info.types().get(count - 2);
    ResourceType u = (ResourceType) info.types().get(count - 1);
    assertThat(t).isNotEqualTo(u);
    assertThat(i.definedResources()).containsExactly(t);
    assertThat(info.instances().get(1).definedResources()).containsExactly(u);
  }
}
