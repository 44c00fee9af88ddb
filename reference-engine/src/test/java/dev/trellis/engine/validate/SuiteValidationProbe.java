package dev.trellis.engine.validate;

import dev.trellis.engine.binary.Component;
import dev.trellis.engine.binary.ComponentDecoder;
import dev.trellis.engine.error.InvalidException;
import dev.trellis.engine.error.MalformedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Development probe: validates every suite form and writes what disagrees to target/validate-probe.txt. */
class SuiteValidationProbe {
  @Test
  void probe() throws Exception {
    List<SuiteForms.Form> forms = SuiteForms.load(List.of(
        "component-model/test", "wasm-tools/tests/cli/component-model"));
    List<String> bad = new ArrayList<>();
    List<String> wrongMessage = new ArrayList<>();
    TreeMap<String, int[]> perFile = new TreeMap<>();
    int pass = 0;
    int unparsed = 0;
    for (SuiteForms.Form f : forms) {
      int[] c = perFile.computeIfAbsent(f.file(), k -> new int[3]);
      if (f.bytes() == null) {
        unparsed++;
        c[2]++;
        continue;
      }
      String outcome;
      String msg = "";
      try {
        Component comp = ComponentDecoder.decode(f.bytes());
        Validator.validate(comp, f.features());
        outcome = "valid";
      } catch (MalformedException e) {
        outcome = "malformed";
        msg = e.getMessage();
      } catch (InvalidException e) {
        outcome = "invalid";
        msg = e.getMessage();
      } catch (Throwable t) {
        outcome = "CRASH";
        msg = t.toString();
      }
      boolean ok = f.expect().equals("valid") ? outcome.equals("valid") : !outcome.equals("valid") && !outcome.equals("CRASH");
      if (ok && f.message() != null && !f.expect().equals("valid")
          && !msg.toLowerCase().contains(f.message().toLowerCase())) {
        wrongMessage.add(f.where() + " expected \"" + f.message() + "\", got " + outcome + ": " + msg.replace('\n', ' '));
      }
      if (ok) {
        pass++;
        c[0]++;
      } else {
        c[1]++;
        bad.add(f.where() + " [" + f.features() + "] expected " + f.expect() + (f.message() == null ? "" : " \"" + f.message() + "\"")
            + ", got " + outcome + (msg.isEmpty() ? "" : ": " + msg.replace('\n', ' ')));
      }
    }
    StringBuilder sb = new StringBuilder();
    sb.append("forms ").append(forms.size()).append(", pass ").append(pass).append(", fail ").append(bad.size())
        .append(", unparsed by jco ").append(unparsed).append('\n');
    perFile.forEach((k, v) -> sb.append(String.format("%-70s pass %4d fail %4d unparsed %3d%n", k, v[0], v[1], v[2])));
    sb.append('\n');
    bad.forEach(b -> sb.append(b).append('\n'));
    sb.append("\n== rejected with a different message (").append(wrongMessage.size()).append(")\n");
    wrongMessage.forEach(b -> sb.append(b).append('\n'));
    Files.writeString(Path.of("target/validate-probe.txt"), sb.toString());
    System.out.println(sb.substring(0, sb.indexOf("\n")));
  }
}
