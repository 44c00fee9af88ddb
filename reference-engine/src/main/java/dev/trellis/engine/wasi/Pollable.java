package dev.trellis.engine.wasi;

import java.nio.channels.SelectableChannel;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * What a {@code wasi:io/poll} pollable waits for. Sources that change on their own (a pumped
 * stream, an HTTP response) wake a polling guest through the {@link Waker} they were given in
 * {@link #listen}; time-based pollables say when they become ready; socket pollables name the
 * channel and operations the store's selector waits for.
 */
abstract class Pollable {
  /** Ready now (never blocks). */
  abstract boolean ready();

  /** The {@link System#nanoTime()} at which this becomes ready by the passing of time, or MAX_VALUE. */
  long readyAtNanos() {
    return Long.MAX_VALUE;
  }

  /** Starts waking {@code w} on changes (until {@link #unlisten}). */
  void listen(Waker w) {}

  void unlisten(Waker w) {}

  /** A channel to wait on with the store's selector, or null. */
  SelectableChannel channel() {
    return null;
  }

  /** The {@link java.nio.channels.SelectionKey} operations to wait for on {@link #channel()}. */
  int interestOps() {
    return 0;
  }

  /**
   * A pollable whose source changes on its own: ready when {@code ready} says so, and woken
   * through {@code listeners}, the set its source signals on every change.
   */
  static Pollable listening(Set<Waker> listeners, BooleanSupplier ready) {
    return new Pollable() {
      @Override
      boolean ready() {
        return ready.getAsBoolean();
      }

      @Override
      void listen(Waker w) {
        listeners.add(w);
      }

      @Override
      void unlisten(Waker w) {
        listeners.remove(w);
      }
    };
  }

  /** Always ready. */
  static final Pollable READY = new Pollable() {
    @Override
    boolean ready() {
      return true;
    }
  };

  /** Never ready. */
  static final Pollable NEVER = new Pollable() {
    @Override
    boolean ready() {
      return false;
    }
  };
}
