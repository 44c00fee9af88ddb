package dev.trellis.engine.wasi;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;

/** Blocking until at least one of a list of pollables is ready: the heart of {@code wasi:io/poll}. */
final class Poll {
  private Poll() {}

  /** The indices of the ready pollables, after waiting until at least one is (non-empty input). */
  static List<Integer> poll(Waker waker, List<Pollable> ps) {
    List<Integer> ready = readyNow(ps);
    if (!ready.isEmpty()) {
      return ready;
    }
    Runnable before = waker.beforeWait;
    if (before != null) {
      before.run();
    }
    boolean sockets = false;
    for (Pollable p : ps) {
      sockets |= p.channel() != null;
      p.listen(waker);
    }
    try {
      while (true) {
        waker.clear();
        ready = readyNow(ps);
        if (!ready.isEmpty()) {
          return ready;
        }
        long at = Long.MAX_VALUE;
        for (Pollable p : ps) {
          at = Math.min(at, p.readyAtNanos());
        }
        long wait = at == Long.MAX_VALUE ? Long.MAX_VALUE : at - System.nanoTime();
        if (wait <= 0) {
          continue;
        }
        if (Thread.currentThread().isInterrupted()) {
          throw new Waker.Interrupted();
        }
        if (sockets) {
          select(waker.selector(), ps, wait);
        } else {
          waker.await(wait);
        }
      }
    } finally {
      for (Pollable p : ps) {
        p.unlisten(waker);
      }
    }
  }

  static void block(Waker waker, Pollable p) {
    if (!p.ready()) {
      poll(waker, List.of(p));
    }
  }

  private static List<Integer> readyNow(List<Pollable> ps) {
    List<Integer> out = new ArrayList<>(2);
    for (int i = 0; i < ps.size(); i++) {
      if (ps.get(i).ready()) {
        out.add(i);
      }
    }
    return out;
  }

  private static void select(Selector sel, List<Pollable> ps, long waitNanos) {
    List<SelectionKey> keys = new ArrayList<>();
    try {
      for (Pollable p : ps) {
        SelectableChannel ch = p.channel();
        if (ch == null || !ch.isOpen()) {
          continue;
        }
        SelectionKey k = ch.keyFor(sel);
        int ops = p.interestOps();
        if (k == null || !k.isValid()) {
          if (k != null) {
            sel.selectNow(); // flush the cancelled key
          }
          k = ch.register(sel, ops);
        } else {
          k.interestOps(k.interestOps() | ops);
        }
        keys.add(k);
      }
      sel.select(Waker.millisCeil(waitNanos));
      if (Thread.currentThread().isInterrupted()) {
        throw new Waker.Interrupted();
      }
    } catch (ClosedChannelException e) {
      // a channel closed under us: its pollable reports ready (or error) on the next check
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } finally {
      for (SelectionKey k : keys) {
        if (k.isValid()) {
          k.interestOps(0);
        }
      }
      sel.selectedKeys().clear();
    }
  }
}
