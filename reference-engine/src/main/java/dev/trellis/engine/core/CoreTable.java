package dev.trellis.engine.core;

import com.dylibso.chicory.runtime.TableInstance;

/** A core table, shared by reference wherever it is imported or aliased. */
public final class CoreTable implements CoreExtern {
  final TableInstance table;

  CoreTable(TableInstance table) {
    this.table = table;
  }

  public int size() {
    return table.size();
  }
}
