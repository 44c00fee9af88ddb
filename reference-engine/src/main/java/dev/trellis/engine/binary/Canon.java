package dev.trellis.engine.binary;

import java.util.List;

/**
 * {@code canon} (Binary.md#canonical-definitions): {@code lift} defines a component function,
 * every other form a core function. One record per built-in, named after it.
 */
public sealed interface Canon {

  /** {@code 0x00 0x00 f opts ft}: {@code (canon lift f opts type-index-space[ft])}. */
  record Lift(int coreFunc, List<CanonOpt> opts, int type) implements Canon {
    public Lift {
      opts = List.copyOf(opts);
    }
  }

  /** {@code 0x01 0x00 f opts}: {@code (canon lower f opts (core func))}. */
  record Lower(int func, List<CanonOpt> opts) implements Canon {
    public Lower {
      opts = List.copyOf(opts);
    }
  }

  /** {@code 0x02 rt}. */
  record ResourceNew(int type) implements Canon {}

  /** {@code 0x03 rt} ({@code async} false) or {@code 0x07 rt} ({@code async} true). */
  record ResourceDrop(int type, boolean async) implements Canon {}

  /** {@code 0x04 rt}. */
  record ResourceRep(int type) implements Canon {}

  /** {@code 0x08}: legacy {@code backpressure.set} 🔀. */
  record BackpressureSet() implements Canon {}

  /** {@code 0x24} 🔀. */
  record BackpressureInc() implements Canon {}

  /** {@code 0x25} 🔀. */
  record BackpressureDec() implements Canon {}

  /** {@code 0x09 rs opts} 🔀; {@code result} null for an empty result list. */
  record TaskReturn(ValTypeRef result, List<CanonOpt> opts) implements Canon {
    public TaskReturn {
      opts = List.copyOf(opts);
    }
  }

  /** {@code 0x05} 🔀. */
  record TaskCancel() implements Canon {}

  /** {@code 0x0a t i} 🔀. */
  record ContextGet(CoreValType type, int slot) implements Canon {}

  /** {@code 0x0b t i} 🔀. */
  record ContextSet(CoreValType type, int slot) implements Canon {}

  /** {@code 0x06 async?} 🔀. */
  record SubtaskCancel(boolean async) implements Canon {}

  /** {@code 0x0d} 🔀. */
  record SubtaskDrop() implements Canon {}

  /** {@code 0x0e t} 🔀. */
  record StreamNew(int type) implements Canon {}

  /** {@code 0x0f t opts} 🔀. */
  record StreamRead(int type, List<CanonOpt> opts) implements Canon {
    public StreamRead {
      opts = List.copyOf(opts);
    }
  }

  /** {@code 0x10 t opts} 🔀. */
  record StreamWrite(int type, List<CanonOpt> opts) implements Canon {
    public StreamWrite {
      opts = List.copyOf(opts);
    }
  }

  /** {@code 0x11 t async?} 🔀. */
  record StreamCancelRead(int type, boolean async) implements Canon {}

  /** {@code 0x12 t async?} 🔀. */
  record StreamCancelWrite(int type, boolean async) implements Canon {}

  /** {@code 0x13 t} 🔀. */
  record StreamDropReadable(int type) implements Canon {}

  /** {@code 0x14 t} 🔀. */
  record StreamDropWritable(int type) implements Canon {}

  /** {@code 0x15 t} 🔀. */
  record FutureNew(int type) implements Canon {}

  /** {@code 0x16 t opts} 🔀. */
  record FutureRead(int type, List<CanonOpt> opts) implements Canon {
    public FutureRead {
      opts = List.copyOf(opts);
    }
  }

  /** {@code 0x17 t opts} 🔀. */
  record FutureWrite(int type, List<CanonOpt> opts) implements Canon {
    public FutureWrite {
      opts = List.copyOf(opts);
    }
  }

  /** {@code 0x18 t async?} 🔀. */
  record FutureCancelRead(int type, boolean async) implements Canon {}

  /** {@code 0x19 t async?} 🔀. */
  record FutureCancelWrite(int type, boolean async) implements Canon {}

  /** {@code 0x1a t} 🔀. */
  record FutureDropReadable(int type) implements Canon {}

  /** {@code 0x1b t} 🔀. */
  record FutureDropWritable(int type) implements Canon {}

  /** {@code 0x1c opts} 📝. */
  record ErrorContextNew(List<CanonOpt> opts) implements Canon {
    public ErrorContextNew {
      opts = List.copyOf(opts);
    }
  }

  /** {@code 0x1d opts} 📝. */
  record ErrorContextDebugMessage(List<CanonOpt> opts) implements Canon {
    public ErrorContextDebugMessage {
      opts = List.copyOf(opts);
    }
  }

  /** {@code 0x1e} 📝. */
  record ErrorContextDrop() implements Canon {}

  /** {@code 0x1f} 🔀. */
  record WaitableSetNew() implements Canon {}

  /** {@code 0x20 cancel? m} 🔀. */
  record WaitableSetWait(boolean cancellable, int memory) implements Canon {}

  /** {@code 0x21 cancel? m} 🔀. */
  record WaitableSetPoll(boolean cancellable, int memory) implements Canon {}

  /** {@code 0x22} 🔀. */
  record WaitableSetDrop() implements Canon {}

  /** {@code 0x23} 🔀. */
  record WaitableJoin() implements Canon {}

  /** {@code 0x26} 🧵. */
  record ThreadIndex() implements Canon {}

  /** {@code 0x27 ft tbl} 🧵. */
  record ThreadNewIndirect(int coreType, int table) implements Canon {}

  /** {@code 0x28} 🧵. */
  record ThreadResumeLater() implements Canon {}

  /** {@code 0x29 cancel?} 🧵. */
  record ThreadSuspend(boolean cancellable) implements Canon {}

  /** {@code 0x0c cancel?} 🔀. */
  record ThreadYield(boolean cancellable) implements Canon {}

  /** {@code 0x2a cancel?} 🧵. */
  record ThreadSuspendThenResume(boolean cancellable) implements Canon {}

  /** {@code 0x2b cancel?} 🧵. */
  record ThreadYieldThenResume(boolean cancellable) implements Canon {}

  /** {@code 0x2c cancel?} 🧵. */
  record ThreadSuspendThenPromote(boolean cancellable) implements Canon {}

  /** {@code 0x2d cancel?} 🧵. */
  record ThreadYieldThenPromote(boolean cancellable) implements Canon {}

  /** {@code 0x40 shared? ft} 🧵②. */
  record ThreadSpawnRef(boolean shared, int coreType) implements Canon {}

  /** {@code 0x41 shared? ft tbl} 🧵②. */
  record ThreadSpawnIndirect(boolean shared, int coreType, int table) implements Canon {}

  /** {@code 0x42 shared?} 🧵②. */
  record ThreadAvailableParallelism(boolean shared) implements Canon {}
}
