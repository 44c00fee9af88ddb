package dev.trellis.engine.abi;

/**
 * The {@code borrow_scope} of a {@link LiftLowerContext}: the {@link Task} that lowers borrowed
 * handles into a callee, or the {@link Subtask} that lifts them out of a caller.
 */
public sealed interface BorrowScope permits Task, Subtask {}
