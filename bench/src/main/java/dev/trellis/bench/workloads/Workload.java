package dev.trellis.bench.workloads;

import dev.trellis.engine.runtime.Val;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One benchmark workload: a program in one or two forms (a component, and the same code as a
 * plain core module where that makes sense), the export the call benchmark calls with which
 * arguments, and the results that call must return — the correctness check run on every
 * runtime before anything is timed on it.
 *
 * @param name the workload's name in results ({@code nop}, {@code sha256}, …)
 * @param description one line for people
 * @param component the component's fixture file under {@code workloads/}, or null
 * @param core the core module's fixture file, or null
 * @param export the export to call, or null when the workload is not called (http, command)
 * @param componentArgs the component call's arguments
 * @param componentResults what the component call must return
 * @param coreArgs the core call's arguments (i32 as {@code S32}, …)
 * @param coreResults what the core call must return
 * @param uses what the workload is used for
 */
public record Workload(
    String name,
    String description,
    String component,
    String core,
    String export,
    List<Val> componentArgs,
    List<Val> componentResults,
    List<Val> coreArgs,
    List<Val> coreResults,
    Set<Use> uses) {

  /** What a workload takes part in. */
  public enum Use {
    /** Timed calls of {@link #export}. */
    CALL,
    /** A compute kernel (also a call): compared across engines. */
    KERNEL,
    /** decode / validate / compile / instantiate phases. */
    PHASES,
    /** Idle instances for the density measurement. */
    DENSITY,
    /** A {@code wasi:http/proxy} component, served. */
    HTTP,
    /** A {@code wasi:cli/command}, run from outside. */
    COMMAND
  }

  public Workload {
    Objects.requireNonNull(name);
    componentArgs = componentArgs == null ? List.of() : List.copyOf(componentArgs);
    componentResults = componentResults == null ? List.of() : List.copyOf(componentResults);
    coreArgs = coreArgs == null ? List.of() : List.copyOf(coreArgs);
    coreResults = coreResults == null ? List.of() : List.copyOf(coreResults);
    uses = Set.copyOf(uses);
  }

  public boolean has(Use u) {
    return uses.contains(u);
  }

  public boolean hasComponent() {
    return component != null;
  }

  public boolean hasCore() {
    return core != null;
  }

  /** The component's bytes. */
  public byte[] componentBytes() {
    return Workloads.bytes(component);
  }

  /** The core module's bytes. */
  public byte[] coreBytes() {
    return Workloads.bytes(core);
  }
}
