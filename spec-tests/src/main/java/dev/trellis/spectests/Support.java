package dev.trellis.spectests;

import dev.trellis.harness.spi.Feature;
import dev.trellis.harness.spi.RuntimeFailure;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a script run needs of a runtime, for the one classification every caller of the runner
 * shares: a case is <em>unsupported</em> (reported apart from failed, never silently) when
 *
 * <ul>
 *   <li>its script needs a {@link Feature} the target does not declare ({@link #missing}): its
 *       feature area's needs, and {@link Feature#INVOKE} where the run instantiates and
 *       invokes; the case is not run;
 *   <li>it needs {@link Feature#INVOKE} itself (an action of a validated script) and the
 *       target does not declare it; the case is not run;
 *   <li>the runtime failed it with a {@link RuntimeFailure.Kind#UNSUPPORTED} failure;
 *   <li>it acts on a module (or instantiates a definition) that was unsupported.
 * </ul>
 *
 * <p>A case listed in the expectations file keeps its expectation: an expected failure stays
 * one however it fails, and one that passes is a failure.
 */
public final class Support {
  private Support() {}

  /** What a script's feature area (its directory in the suite) needs of a runtime. */
  static final Map<String, Set<Feature>> AREA_NEEDS = Map.of(
      "async", EnumSet.of(Feature.COMPONENT, Feature.COMPONENT_ASYNC),
      "resources", EnumSet.of(Feature.COMPONENT, Feature.RESOURCES),
      "error-context", EnumSet.of(Feature.COMPONENT, Feature.ERROR_CONTEXT),
      "gc", EnumSet.of(Feature.COMPONENT, Feature.COMPONENT_GC),
      "memory64", EnumSet.of(Feature.COMPONENT, Feature.COMPONENT_MEMORY64),
      "shared-everything-threads", EnumSet.of(Feature.COMPONENT, Feature.SHARED_EVERYTHING_THREADS),
      "values", EnumSet.of(Feature.COMPONENT));

  /**
   * What a run of a script in feature area {@code area} needs: the area's features (a
   * component runtime by default), and {@link Feature#INVOKE} when every module is
   * instantiated and run ({@link WastSemantics#INSTANTIATE}); a validated script's actions
   * need {@code INVOKE} each on their own.
   */
  public static Set<Feature> needs(String area, WastSemantics semantics) {
    Set<Feature> n = EnumSet.copyOf(AREA_NEEDS.getOrDefault(area, EnumSet.of(Feature.COMPONENT)));
    if (semantics == WastSemantics.INSTANTIATE) {
      n.add(Feature.INVOKE);
    }
    return n;
  }

  /** What a run needs that {@code declared} lacks (empty: the run can run). */
  public static Set<Feature> missing(String area, WastSemantics semantics, Set<Feature> declared) {
    Set<Feature> n = needs(area, semantics);
    n.removeAll(declared);
    return n;
  }

  /** The message of a case that is not run: {@code needs X, Y, which RUNTIME does not declare}. */
  public static String notDeclared(Set<Feature> missing, String runtime) {
    return "needs " + missing.stream().map(Feature::id).collect(Collectors.joining(", ")) + ", which " + runtime
        + " does not declare";
  }

  /** True if the runtime reported that it does not support what it was asked. */
  public static boolean unsupported(RuntimeFailure e) {
    return e.kind() == RuntimeFailure.Kind.UNSUPPORTED;
  }
}
