package dev.trellis.engine.abi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trellis.engine.error.TrapKind;
import dev.trellis.engine.runtime.ResourceHandle;
import dev.trellis.engine.runtime.Val;
import dev.trellis.engine.types.ResourceType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Handle tables, resource.new/drop/rep, own/borrow lifting and lowering, lend counts and borrow scopes. */
class HandlesTest {
  final ComponentInstance impl = new ComponentInstance(null, "impl");
  final ComponentInstance user = new ComponentInstance(null, "user");
  final ResourceType staticR = new ResourceType("r");
  final List<Integer> destroyed = new ArrayList<>();
  final RuntimeResourceType rt = new RuntimeResourceType(new ResourceType("r"), impl, (caller, rep) -> destroyed.add(rep));

  HandlesTest() {
    impl.bindResource(staticR, rt);
    user.bindResource(staticR, rt);
  }

  static TrapKind trapKind(Runnable r) {
    return StringsTest.trapKind(r);
  }

  @Test
  void tableReservesSlotZeroAndReusesTheMostRecentlyFreedSlot() {
    HandleTable t = new HandleTable();
    assertThat(t.add("a")).isEqualTo(1);
    assertThat(t.add("b")).isEqualTo(2);
    assertThat(t.add("c")).isEqualTo(3);
    t.remove(2);
    assertThat(t.add("d")).isEqualTo(2);
    t.remove(1);
    t.remove(2);
    t.remove(3);
    assertThat(t.add("e")).isEqualTo(3);
    assertThat(t.add("f")).isEqualTo(2);
    assertThat(t.add("g")).isEqualTo(1);
    assertThat(t.add("h")).isEqualTo(4);
    assertThatThrownBy(() -> t.get(0)).hasMessage("unknown handle index 0");
    assertThatThrownBy(() -> t.get(0xFFFF_FFFFL)).hasMessage("unknown handle index 4294967295");
    int gen = t.generation(4);
    t.remove(4);
    assertThat(t.generation(4)).isEqualTo(gen + 1);
    assertThatThrownBy(() -> t.remove(4)).hasMessage("unknown handle index 4");
  }

  @Test
  void resourceNewRepDrop() {
    int h1 = Handles.canonResourceNew(impl, rt, 100);
    int h2 = Handles.canonResourceNew(impl, rt, 200);
    assertThat(h1).isEqualTo(1);
    assertThat(h2).isEqualTo(2);
    assertThat(Handles.canonResourceRep(impl, rt, h2)).isEqualTo(200);
    Handles.canonResourceDrop(impl, rt, h1);
    assertThat(destroyed).containsExactly(100);
    assertThatThrownBy(() -> Handles.canonResourceRep(impl, rt, h1)).hasMessage("unknown handle index 1");
  }

  @Test
  void wrongTypeIsReported() {
    RuntimeResourceType other = new RuntimeResourceType(new ResourceType("s"), impl, null);
    int h = Handles.canonResourceNew(impl, rt, 1);
    assertThatThrownBy(() -> Handles.canonResourceDrop(impl, other, h)).hasMessage(
        "handle index 1 used with the wrong type, expected guest-defined resource but found a different guest-defined resource");
  }

  @Test
  void builtinsTrapWhenTheInstanceMayNotLeave() {
    impl.setMayLeave(false);
    assertThat(trapKind(() -> Handles.canonResourceNew(impl, rt, 1))).isEqualTo(TrapKind.CANNOT_LEAVE);
    assertThat(trapKind(() -> Handles.canonResourceDrop(impl, rt, 1))).isEqualTo(TrapKind.CANNOT_LEAVE);
  }

  @Test
  void ownHandlesMoveBetweenInstances() {
    int h = Handles.canonResourceNew(impl, rt, 7);
    LiftLowerContext lift = new LiftLowerContext(CanonicalOptions.NONE, impl, new Task());
    Val.Own own = Handles.liftOwn(lift, h, staticR);
    assertThat(own.handle().rep()).isEqualTo(7);
    assertThat(impl.handles.liveCount()).isZero();
    LiftLowerContext lower = new LiftLowerContext(CanonicalOptions.NONE, user, new Subtask());
    int uh = Handles.lowerOwn(lower, own, staticR);
    assertThat(uh).isEqualTo(1);
    // the moved handle is dead on the host side
    assertThat(own.handle().isLive()).isFalse();
    assertThat(trapKind(() -> Handles.lowerOwn(lower, own, staticR))).isEqualTo(TrapKind.HANDLE_MOVED);
    Handles.canonResourceDrop(user, rt, uh);
    assertThat(destroyed).containsExactly(7);
  }

  @Test
  void lendingAnOwnHandleBlocksItsDropUntilTheCallResolves() {
    int h = Handles.canonResourceNew(user, rt, 5);
    Subtask subtask = new Subtask();
    LiftLowerContext caller = new LiftLowerContext(CanonicalOptions.NONE, user, subtask);
    Val.Borrow b = Handles.liftBorrow(caller, h, staticR);
    assertThat(b.handle().rep()).isEqualTo(5);
    assertThatThrownBy(() -> Handles.canonResourceDrop(user, rt, h)).hasMessageContaining("cannot remove owned resource while borrowed");
    // (the failed drop already removed the handle, as the spec's remove-then-check does; re-add to continue)
    int h2 = Handles.canonResourceNew(user, rt, 6);
    Subtask s2 = new Subtask();
    Val.Borrow b2 = Handles.liftBorrow(new LiftLowerContext(CanonicalOptions.NONE, user, s2), h2, staticR);
    assertThat(trapKind(() -> Handles.liftOwn(new LiftLowerContext(CanonicalOptions.NONE, user, new Task()), h2, staticR)))
        .isEqualTo(TrapKind.HANDLE_LENT);
    s2.deliverResolve();
    assertThat(b2.handle().isLive()).isFalse();
    assertThat(b.handle().isLive()).isTrue();
    subtask.deliverResolve();
    assertThat(b.handle().isLive()).isFalse();
  }

  @Test
  void borrowsIntoTheDefiningInstancePassTheRep() {
    Task task = new Task();
    LiftLowerContext callee = new LiftLowerContext(CanonicalOptions.NONE, impl, task);
    Val.Borrow b = new Val.Borrow(ResourceHandle.lifted(rt, 9, false));
    assertThat(Handles.lowerBorrow(callee, b, staticR)).isEqualTo(9);
    assertThat(task.numBorrows()).isZero();
  }

  @Test
  void borrowsIntoOtherInstancesMustBeDroppedBeforeReturning() {
    Task task = new Task();
    LiftLowerContext callee = new LiftLowerContext(CanonicalOptions.NONE, user, task);
    int bh = Handles.lowerBorrow(callee, new Val.Borrow(ResourceHandle.lifted(rt, 9, false)), staticR);
    assertThat(task.numBorrows()).isEqualTo(1);
    assertThat(trapKind(task::returned)).isEqualTo(TrapKind.BORROW_NOT_DROPPED);
    assertThat(trapKind(() -> Handles.liftOwn(new LiftLowerContext(CanonicalOptions.NONE, user, new Task()), bh, staticR)))
        .isEqualTo(TrapKind.NOT_OWNER);
    Task t2 = new Task();
    int bh2 = Handles.lowerBorrow(new LiftLowerContext(CanonicalOptions.NONE, user, t2),
        new Val.Borrow(ResourceHandle.lifted(rt, 9, false)), staticR);
    Handles.canonResourceDrop(user, rt, bh2); // dropping a borrow ends the loan, runs no destructor
    assertThat(destroyed).isEmpty();
    t2.returned();
    assertThat(trapKind(t2::returned)).isEqualTo(TrapKind.CANON_ABI);
  }

  @Test
  void hostHandlesOfTheWrongTypeAreRefused() {
    LiftLowerContext cx = new LiftLowerContext(CanonicalOptions.NONE, user, new Task());
    Val.Own foreign = new Val.Own(ResourceHandle.own(new ResourceType("other"), 1));
    assertThat(trapKind(() -> Handles.lowerOwn(cx, foreign, staticR))).isEqualTo(TrapKind.HANDLE_TYPE_MISMATCH);
  }

  @Test
  void mayEnterFollowsTheEnteringSet() {
    ComponentInstance p = new ComponentInstance(null, "P");
    ComponentInstance c1 = new ComponentInstance(p, "C1");
    ComponentInstance c2 = new ComponentInstance(p, "C2");
    assertThat(p.mayEnterFrom(null)).isTrue();
    p.enterFrom(null);
    assertThat(c1.mayEnterFrom(p)).isTrue();
    c1.enterFrom(p);
    assertThat(c2.mayEnterFrom(c1)).isTrue();
    c2.enterFrom(c1);
    // C2 calls back into P (donut wrapping): nothing new is entered
    assertThat(p.mayEnterFrom(c2)).isTrue();
    // P calling C1 again is reentrance
    assertThat(c1.mayEnterFrom(p)).isFalse();
    // the host re-entering any of them is reentrance
    assertThat(c2.mayEnterFrom(null)).isFalse();
    c2.leaveTo(c1);
    c1.leaveTo(p);
    p.leaveTo(null);
    assertThat(c1.mayEnterFrom(null)).isTrue();
  }
}
