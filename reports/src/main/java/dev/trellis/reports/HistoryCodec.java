package dev.trellis.reports;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trellis.engine.error.TextException;
import dev.trellis.harness.results.CaseResult;
import dev.trellis.harness.results.Measurement;
import dev.trellis.harness.results.Outcome;
import dev.trellis.harness.results.ResultsJson;
import dev.trellis.harness.results.RunInfo;
import dev.trellis.harness.results.RunResults;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One history line. A nightly run holds tens of thousands of passing cases, so a line keeps
 * the measurements and every case that did not pass in full, but the passing ones only as
 * line ranges per runtime, suite, file and directive — what comparing outcomes needs, at a
 * hundredth of the size:
 *
 * <pre>{"format":"trellis-history/1","run":{…},"measurements":[…],"cases":[…not passed…],
 *  "passed":{"trellis\tcomponent-model\tvalues/strings.wast\tassert_return":"3-40,44"}}</pre>
 *
 * Passing cases read back have no message, time or feature area. A full results document
 * ({@code trellis-results/1}) is also accepted as a line.
 */
final class HistoryCodec {
  private HistoryCodec() {}

  static final String FORMAT = "trellis-history/1";

  static String encode(RunResults r) {
    ObjectNode o = ResultsJson.mapper().createObjectNode();
    o.put("format", FORMAT);
    o.set("run", ResultsJson.mapper().valueToTree(r.run()));
    o.set("measurements", ResultsJson.mapper().valueToTree(r.measurements()));
    List<CaseResult> notPassed = new ArrayList<>();
    Map<String, List<Integer>> passed = new TreeMap<>();
    for (CaseResult c : r.cases()) {
      if (c.outcome() == Outcome.PASSED && !hasTab(c)) {
        passed.computeIfAbsent(c.runtime() + "\t" + c.suite() + "\t" + c.file() + "\t" + c.directive(), k -> new ArrayList<>())
            .add(c.line());
      } else {
        notPassed.add(c);
      }
    }
    o.set("cases", ResultsJson.mapper().valueToTree(notPassed));
    ObjectNode p = o.putObject("passed");
    passed.forEach((k, lines) -> p.put(k, ranges(lines)));
    try {
      return ResultsJson.mapper().writeValueAsString(o);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise a history line: " + e.getOriginalMessage(), e);
    }
  }

  static RunResults decode(String line, String source) {
    JsonNode node;
    try {
      node = ResultsJson.mapper().readTree(line);
    } catch (JsonProcessingException e) {
      var at = e.getLocation();
      throw new TextException(source, 1, at == null ? 1 : Math.max(1, at.getColumnNr()), "malformed history line: " + e.getOriginalMessage());
    }
    if (node != null && RunResults.FORMAT.equals(node.path("format").asText())) {
      return ResultsJson.parse(line, source);
    }
    if (node == null || !FORMAT.equals(node.path("format").asText())) {
      throw new TextException(source, 1, 1, "not a history line (expected \"format\": \"" + FORMAT + "\")");
    }
    try {
      RunInfo run = ResultsJson.mapper().treeToValue(node.get("run"), RunInfo.class);
      List<Measurement> ms = Arrays.asList(ResultsJson.mapper().treeToValue(node.path("measurements"), Measurement[].class));
      List<CaseResult> cases = new ArrayList<>(Arrays.asList(ResultsJson.mapper().treeToValue(node.path("cases"), CaseResult[].class)));
      for (var it = node.path("passed").properties().iterator(); it.hasNext(); ) {
        var e = it.next();
        String[] k = e.getKey().split("\t", -1);
        if (k.length != 4) {
          throw new IllegalArgumentException("bad passed key '" + e.getKey() + "'");
        }
        for (int l : lines(e.getValue().asText())) {
          cases.add(new CaseResult(k[0], k[1], k[2], l, k[3], Outcome.PASSED, null, null));
        }
      }
      cases.sort(Comparator.comparing(CaseResult::runtime).thenComparing(CaseResult::suite).thenComparing(CaseResult::file)
          .thenComparingInt(CaseResult::line).thenComparing(CaseResult::directive));
      return new RunResults(run, cases, ms);
    } catch (JsonProcessingException | IllegalArgumentException | NullPointerException e) {
      throw new TextException(source, 1, 1, "malformed history line: " + e.getMessage());
    }
  }

  /** What a run looks like once it has been through the history. */
  static RunResults roundTrip(RunResults r) {
    return decode(encode(r), "round trip");
  }

  private static boolean hasTab(CaseResult c) {
    return (c.runtime() + c.suite() + c.file() + c.directive()).indexOf('\t') >= 0;
  }

  /** Sorted line numbers as ranges: 1,2,3,7,9,10 → "1-3,7,9-10". */
  static String ranges(List<Integer> lines) {
    int[] ls = lines.stream().mapToInt(Integer::intValue).sorted().distinct().toArray();
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < ls.length; ) {
      int j = i;
      while (j + 1 < ls.length && ls[j + 1] == ls[j] + 1) {
        j++;
      }
      if (b.length() > 0) {
        b.append(',');
      }
      b.append(ls[i]);
      if (j > i) {
        b.append('-').append(ls[j]);
      }
      i = j + 1;
    }
    return b.toString();
  }

  static int[] lines(String ranges) {
    List<Integer> out = new ArrayList<>();
    if (!ranges.isEmpty()) {
      for (String part : ranges.split(",")) {
        int dash = part.indexOf('-', 1);
        if (dash < 0) {
          out.add(Integer.parseInt(part));
        } else {
          int a = Integer.parseInt(part.substring(0, dash));
          int b = Integer.parseInt(part.substring(dash + 1));
          if (b < a || b - a > 10_000_000) {
            throw new IllegalArgumentException("bad line range '" + part + "'");
          }
          for (int l = a; l <= b; l++) {
            out.add(l);
          }
        }
      }
    }
    return out.stream().mapToInt(Integer::intValue).toArray();
  }
}
