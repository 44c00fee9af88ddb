package dev.trellis.engine.wit;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.Function;

/**
 * Topological sort of named items by their dependencies, stable with respect to source
 * order: among the items whose dependencies are all placed, the earliest-declared goes next.
 * Reports a dependency on a missing item ("{kind} `x` does not exist") or a cycle
 * ("{kind} `x` depends on itself") at the offending reference.
 */
final class Toposort {
  private Toposort() {}

  static List<String> sort(String kind, Map<String, List<Ast.Id>> deps, Function<String, String> hint) {
    List<String> names = new ArrayList<>(deps.keySet());
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < names.size(); i++) {
      index.put(names.get(i), i);
    }
    int[] remaining = new int[names.size()];
    List<List<Integer>> reverse = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      reverse.add(new ArrayList<>());
    }
    for (int i = 0; i < names.size(); i++) {
      List<Ast.Id> edges = deps.get(names.get(i));
      remaining[i] = edges.size();
      for (Ast.Id edge : edges) {
        Integer j = index.get(edge.name());
        if (j == null) {
          String msg = kind + " `" + edge.name() + "` does not exist";
          String h = hint == null ? null : hint.apply(edge.name());
          throw WitError.at(edge.span(), h == null ? msg : msg + "\n" + h);
        }
        reverse.get(j).add(i);
      }
    }
    PriorityQueue<Integer> ready = new PriorityQueue<>();
    for (int i = 0; i < names.size(); i++) {
      if (remaining[i] == 0) {
        ready.add(i);
      }
    }
    List<String> order = new ArrayList<>();
    while (!ready.isEmpty()) {
      int node = ready.poll();
      order.add(names.get(node));
      for (int r : reverse.get(node)) {
        if (--remaining[r] == 0) {
          ready.add(r);
        }
      }
      reverse.get(node).clear();
    }
    if (order.size() == names.size()) {
      return order;
    }
    for (int i = 0; i < names.size(); i++) {
      if (remaining[i] == 0) {
        continue;
      }
      for (Ast.Id dep : deps.get(names.get(i))) {
        if (remaining[index.get(dep.name())] != 0) {
          throw WitError.at(dep.span(), kind + " `" + dep.name() + "` depends on itself");
        }
      }
    }
    throw new IllegalStateException("cycle without a witness");
  }
}
