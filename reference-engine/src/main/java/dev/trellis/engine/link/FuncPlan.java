package dev.trellis.engine.link;

import dev.trellis.engine.abi.CanonicalAbi;
import dev.trellis.engine.abi.ValuesLayout;
import dev.trellis.engine.types.FuncType;

/**
 * A function type compiled once for the Canonical ABI: the layouts of its parameters and result,
 * and whether any parameter contains a {@code borrow} (then a call needs a subtask to lend them).
 */
record FuncPlan(FuncType type, ValuesLayout params, ValuesLayout results, boolean borrows) {
  static FuncPlan of(FuncType ft) {
    return new FuncPlan(ft, ValuesLayout.of(ft.params().stream().map(FuncType.Param::type).toList()),
        ValuesLayout.of(ft.results()), ft.params().stream().anyMatch(p -> CanonicalAbi.containsBorrow(p.type())));
  }
}
