package dev.trellis.harness.results;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class JUnitXmlTest {
  @Test
  void oneTestcasePerDirectiveWithFailuresAndSkips() throws Exception {
    List<CaseResult> cases = List.of(
        new CaseResult("trellis", "component-model", "a.wast", 1, "module", Outcome.PASSED, null, "core", 2_000_000),
        new CaseResult("trellis", "component-model", "a.wast", 5, "assert_invalid", Outcome.FAILED,
            "expected \"type mismatch\" <but> & got\u0000 nothing\nsecond line", "types"),
        new CaseResult("trellis", "component-model", "a.wast", 9, "assert_trap", Outcome.EXPECTED_FAILURE, "listed", "types"),
        new CaseResult("wasmtime", "component-model", "a.wast", 1, "module", Outcome.UNSUPPORTED, "gc", "gc"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    JUnitXml.write(cases, out);
    Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new ByteArrayInputStream(out.toByteArray()));
    Element root = doc.getDocumentElement();
    assertThat(root.getTagName()).isEqualTo("testsuites");
    assertThat(root.getAttribute("tests")).isEqualTo("4");
    assertThat(root.getAttribute("failures")).isEqualTo("1");
    assertThat(root.getAttribute("skipped")).isEqualTo("2");
    NodeList suites = doc.getElementsByTagName("testsuite");
    assertThat(suites.getLength()).isEqualTo(2);
    assertThat(((Element) suites.item(0)).getAttribute("name")).isEqualTo("trellis/component-model");
    NodeList tcs = doc.getElementsByTagName("testcase");
    assertThat(tcs.getLength()).isEqualTo(4);
    Element first = (Element) tcs.item(0);
    assertThat(first.getAttribute("name")).isEqualTo("a.wast:1 module");
    assertThat(first.getAttribute("time")).isEqualTo("0.002000");
    Element failure = (Element) doc.getElementsByTagName("failure").item(0);
    assertThat(failure.getAttribute("message")).isEqualTo("expected \"type mismatch\" <but> & got\uFFFD nothing");
    assertThat(failure.getTextContent()).endsWith("second line");
    NodeList skipped = doc.getElementsByTagName("skipped");
    assertThat(((Element) skipped.item(0)).getAttribute("message")).isEqualTo("expected-failure: listed");
    assertThat(((Element) skipped.item(1)).getAttribute("message")).isEqualTo("unsupported: gc");
  }
}
