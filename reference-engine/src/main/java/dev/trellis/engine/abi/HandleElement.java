package dev.trellis.engine.abi;

/**
 * {@code ResourceHandle} of <a href="../../../../../../../../shared/spec/component-model/CanonicalABI.md#resource-state">CanonicalABI.md#resource-state</a>:
 * an element of a component instance's handle table. {@code borrowScope} is the
 * {@link Task} that lowered a borrowed handle; {@code numLends} counts live borrows lent
 * out of an owned handle.
 */
public final class HandleElement {
  final RuntimeResourceType rt;
  final int rep;
  final boolean own;
  final Task borrowScope;
  int numLends;

  HandleElement(RuntimeResourceType rt, int rep, boolean own, Task borrowScope) {
    this.rt = rt;
    this.rep = rep;
    this.own = own;
    this.borrowScope = borrowScope;
  }

  public RuntimeResourceType rt() {
    return rt;
  }

  public int rep() {
    return rep;
  }

  public boolean own() {
    return own;
  }

  public int numLends() {
    return numLends;
  }
}
