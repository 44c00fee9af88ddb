package dev.trellis.harness.results;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Writes conformance case results as JUnit XML (the Ant/Surefire dialect CI systems read):
 * one {@code <testsuite>} per runtime and suite, one {@code <testcase>} per directive.
 * {@code failed} becomes {@code <failure>}; {@code skipped}, {@code unsupported} and
 * {@code expected-failure} become {@code <skipped>} with the outcome in the message.
 */
public final class JUnitXml {
  private JUnitXml() {}

  /** Writes {@code cases} to {@code file} (atomically). */
  public static void write(Collection<CaseResult> cases, Path file) throws IOException {
    ResultsJson.writeAtomically(file, out -> write(cases, out));
  }

  /** Writes {@code cases} to {@code out} (UTF-8), leaving it open. */
  public static void write(Collection<CaseResult> cases, OutputStream out) throws IOException {
    Map<String, List<CaseResult>> bySuite = new TreeMap<>();
    for (CaseResult c : cases) {
      bySuite.computeIfAbsent(c.runtime() + "/" + c.suite(), k -> new ArrayList<>()).add(c);
    }
    try {
      XMLStreamWriter w = XMLOutputFactory.newFactory().createXMLStreamWriter(out, "UTF-8");
      w.writeStartDocument("UTF-8", "1.0");
      w.writeCharacters("\n");
      w.writeStartElement("testsuites");
      w.writeAttribute("name", "trellis conformance");
      attrs(w, cases);
      for (var e : bySuite.entrySet()) {
        List<CaseResult> list = e.getValue();
        w.writeCharacters("\n  ");
        w.writeStartElement("testsuite");
        w.writeAttribute("name", e.getKey());
        attrs(w, list);
        for (CaseResult c : list) {
          w.writeCharacters("\n    ");
          testcase(w, c);
        }
        w.writeCharacters("\n  ");
        w.writeEndElement();
      }
      w.writeCharacters("\n");
      w.writeEndElement();
      w.writeCharacters("\n");
      w.writeEndDocument();
      w.flush();
    } catch (XMLStreamException e) {
      throw new IOException("cannot write JUnit XML: " + e.getMessage(), e);
    }
  }

  private static void attrs(XMLStreamWriter w, Collection<CaseResult> cases)
      throws XMLStreamException {
    int failures = 0;
    int skipped = 0;
    long nanos = 0;
    for (CaseResult c : cases) {
      switch (c.outcome()) {
        case FAILED -> failures++;
        case SKIPPED, UNSUPPORTED, EXPECTED_FAILURE -> skipped++;
        case PASSED -> { }
      }
      nanos += c.nanos();
    }
    w.writeAttribute("tests", Integer.toString(cases.size()));
    w.writeAttribute("failures", Integer.toString(failures));
    w.writeAttribute("errors", "0");
    w.writeAttribute("skipped", Integer.toString(skipped));
    w.writeAttribute("time", seconds(nanos));
  }

  private static void testcase(XMLStreamWriter w, CaseResult c) throws XMLStreamException {
    boolean empty = c.outcome() == Outcome.PASSED;
    if (empty) {
      w.writeEmptyElement("testcase");
    } else {
      w.writeStartElement("testcase");
    }
    w.writeAttribute("classname", clean(c.runtime() + "." + c.suite() + "." + c.file()));
    w.writeAttribute("name", clean(c.file() + ":" + c.line() + " " + c.directive()));
    w.writeAttribute("time", seconds(c.nanos()));
    w.writeAttribute("file", clean(c.file()));
    w.writeAttribute("line", Integer.toString(c.line()));
    if (empty) {
      return;
    }
    String msg = c.message() == null ? "" : c.message();
    switch (c.outcome()) {
      case FAILED -> {
        w.writeStartElement("failure");
        w.writeAttribute("message", clean(firstLine(msg)));
        w.writeAttribute("type", clean(c.directive()));
        w.writeCharacters(clean(msg));
        w.writeEndElement();
      }
      case SKIPPED, UNSUPPORTED, EXPECTED_FAILURE -> {
        w.writeEmptyElement("skipped");
        w.writeAttribute("message", clean(c.outcome().id() + (msg.isEmpty() ? "" : ": " + firstLine(msg))));
      }
      case PASSED -> { }
    }
    w.writeEndElement();
  }

  private static String seconds(long nanos) {
    return String.format(Locale.ROOT, "%.6f", nanos / 1e9);
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  /** Drops the characters XML 1.0 cannot hold (controls other than tab, CR, LF; lone surrogates). */
  static String clean(String s) {
    StringBuilder b = null;
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      boolean ok;
      if (Character.isHighSurrogate(ch)) {
        ok = i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        if (ok) {
          if (b != null) {
            b.append(ch).append(s.charAt(i + 1));
          }
          i++;
          continue;
        }
      } else if (Character.isLowSurrogate(ch)) {
        ok = false;
      } else {
        ok = ch == '\t' || ch == '\n' || ch == '\r' || (ch >= 0x20 && ch != 0xFFFE && ch != 0xFFFF);
      }
      if (!ok && b == null) {
        b = new StringBuilder(s.length()).append(s, 0, i);
      }
      if (b != null) {
        b.append(ok ? ch : '\uFFFD');
      }
    }
    return b == null ? s : b.toString();
  }
}
