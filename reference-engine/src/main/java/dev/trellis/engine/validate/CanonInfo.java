package dev.trellis.engine.validate;

import dev.trellis.engine.binary.Canon;
import dev.trellis.engine.binary.CanonDef;
import dev.trellis.engine.binary.CoreCompType;
import dev.trellis.engine.binary.Sort;
import dev.trellis.engine.types.FuncType;
import dev.trellis.engine.types.ResourceType;
import dev.trellis.engine.types.ValType;

/**
 * What validation resolved for one canonical definition (Explainer.md#canonical-definitions).
 *
 * @param def the definition as written
 * @param sort {@link Sort#FUNC} for {@code canon lift}, {@link Sort#CORE_FUNC} for all others
 * @param index the index the definition created in {@code sort}'s index space
 * @param funcType the component function type involved: for {@code lift} the lifted type, for
 *     {@code lower} the callee's type, for {@code task.return} {@code (func (result R)?)};
 *     null otherwise
 * @param coreType the core function type: for {@code lift} the type the core callee has, for
 *     every other definition the type of the core function it creates
 * @param options the resolved canonical options ({@link CanonOptions#NONE} when the
 *     definition takes none)
 * @param resource for {@code resource.new/drop/rep} the resource type, else null
 * @param operand for the {@code stream.*}/{@code future.*} built-ins the stream or future type
 *     ({@link dev.trellis.engine.types.StreamType} / {@link dev.trellis.engine.types.FutureType}),
 *     else null
 */
public record CanonInfo(
    CanonDef def,
    Sort sort,
    int index,
    FuncType funcType,
    CoreCompType.Func coreType,
    CanonOptions options,
    ResourceType resource,
    ValType operand) {

  public Canon canon() {
    return def.canon();
  }
}
