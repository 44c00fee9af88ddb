package dev.trellis.engine.link;

import dev.trellis.engine.abi.ValuesLayout;
import dev.trellis.engine.types.FuncType;

/** A function type compiled once for the Canonical ABI: the layouts of its parameters and result. */
record FuncPlan(FuncType type, ValuesLayout params, ValuesLayout results) {
  static FuncPlan of(FuncType ft) {
    return new FuncPlan(ft, ValuesLayout.of(ft.params().stream().map(FuncType.Param::type).toList()),
        ValuesLayout.of(ft.results()));
  }
}
