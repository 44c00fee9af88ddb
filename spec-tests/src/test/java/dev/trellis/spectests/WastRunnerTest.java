package dev.trellis.spectests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trellis.engine.error.TextException;
import dev.trellis.engine.runtime.Val;
import dev.trellis.engine.text.WastRunLine;
import dev.trellis.harness.results.Outcome;
import dev.trellis.harness.spi.Feature;
import dev.trellis.harness.spi.Instance;
import dev.trellis.harness.spi.Loaded;
import dev.trellis.harness.spi.RuntimeFailure;
import dev.trellis.harness.spi.Wasm;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runner's semantics for every directive, on a scripted executing target: it loads any
 * binary except those whose bytes mention {@code invalid}, fails instantiation of those
 * mentioning {@code unlinkable} or {@code start-trap}, and answers invocations by export name.
 */
class WastRunnerTest {
  @TempDir
  Path dir;

  /** A target whose behaviour is scripted by names found in the binaries and invocations. */
  static final class ScriptedTarget implements WastTarget {
    final List<String> instantiated = new ArrayList<>();
    final List<WastRunLine> runs = new ArrayList<>();
    Set<Feature> features = EnumSet.allOf(Feature.class);

    @Override
    public Set<Feature> features() {
      return features;
    }

    @Override
    public String runtime() {
      return "scripted";
    }

    @Override
    public String mode() {
      return "execute";
    }

    @Override
    public boolean validates() {
      return true;
    }

    @Override
    public boolean executes() {
      return true;
    }

    private static boolean mentions(Wasm w, String s) {
      return new String(w.bytes(), StandardCharsets.ISO_8859_1).contains(s);
    }

    @Override
    public Loaded load(Wasm wasm, WastRunLine run) {
      runs.add(run);
      if (wasm.kind() == Wasm.Kind.UNKNOWN) {
        throw new RuntimeFailure(RuntimeFailure.Kind.MALFORMED, "bad magic");
      }
      if (mentions(wasm, "invalid")) {
        throw new RuntimeFailure(RuntimeFailure.Kind.INVALID, "scripted invalid");
      }
      if (mentions(wasm, "exotic")) {
        throw RuntimeFailure.unsupported("scripted exotic");
      }
      return () -> wasm;
    }

    @Override
    public Instance instantiate(Loaded loaded) {
      if (mentions(loaded.wasm(), "unlinkable")) {
        throw new RuntimeFailure(RuntimeFailure.Kind.UNLINKABLE, "missing import");
      }
      if (mentions(loaded.wasm(), "start-trap")) {
        throw new RuntimeFailure(RuntimeFailure.Kind.TRAP, "unreachable");
      }
      if (mentions(loaded.wasm(), "rare")) {
        throw RuntimeFailure.unsupported("scripted rare import");
      }
      String name = loaded.wasm().name();
      instantiated.add(name);
      return (export, args) -> switch (export) {
        case "forty-two" -> List.of(new Val.U32(42));
        case "echo" -> args;
        case "nothing" -> List.of();
        case "where" -> List.of(new Val.Str(name));
        case "nan" -> List.of(new Val.F32(Float.intBitsToFloat(0x7fc0_0000)));
        case "trap" -> throw new RuntimeFailure(RuntimeFailure.Kind.TRAP, "unreachable");
        case "deep" -> throw new RuntimeFailure(RuntimeFailure.Kind.EXHAUSTED, "call stack exhausted");
        case "odd" -> throw RuntimeFailure.unsupported("scripted odd call");
        case "slow" -> {
          try {
            Thread.sleep(5_000);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          yield List.of();
        }
        default -> throw new RuntimeFailure(RuntimeFailure.Kind.ERROR, "no export " + export);
      };
    }
  }

  private List<CaseReport> run(String script, Expectations expectations, WastTarget target) throws IOException {
    Path f = dir.resolve("t.wast");
    Files.writeString(f, script);
    WastRunner runner = new WastRunner(target, expectations, dir).timeout(Duration.ofMillis(500));
    List<CaseReport> out = new ArrayList<>();
    for (FileReport r : runner.run(f)) {
      out.addAll(r.cases());
    }
    return out;
  }

  private List<CaseReport> run(String script) throws IOException {
    return run(script, Expectations.none(), new ScriptedTarget());
  }

  private static List<String> outcomes(List<CaseReport> cases) {
    return cases.stream().map(c -> c.outcome().id() + (c.message() == null ? "" : ": " + c.message())).toList();
  }

  @Test
  void assertReturnComparesEveryResult() throws IOException {
    List<CaseReport> r = run("""
        (component (core module))
        (assert_return (invoke "forty-two") (u32.const 42))
        (assert_return (invoke "forty-two") (u32.const 43))
        (assert_return (invoke "forty-two") (s32.const 42))
        (assert_return (invoke "forty-two"))
        (assert_return (invoke "nothing"))
        (assert_return (invoke "echo" (record.const (field "a" str.const "x"))) (record.const (field "a" str.const "x")))
        (assert_return (invoke "nan") (f32.const nan:canonical))
        (assert_return (invoke "nan") (f32.const 1))
        (invoke "nothing")
        (invoke "missing")
        """);
    assertThat(outcomes(r)).containsExactly(
        "passed",
        "passed",
        "failed: result 0: expected 43, got 42",
        "failed: result 0: expected 42, got 42",
        "failed: expected 0 result(s) [], got [42]",
        "passed",
        "passed",
        "passed",
        "failed: result 0: expected 1, got nan",
        "passed",
        "failed: `missing` failed: error: no export missing");
  }

  @Test
  void trapsExhaustionAndLinkingFailures() throws IOException {
    List<CaseReport> r = run("""
        (component (core module))
        (assert_trap (invoke "trap") "unreachable")
        (assert_trap (invoke "forty-two") "unreachable")
        (assert_trap (invoke "deep") "unreachable")
        (assert_exhaustion (invoke "deep") "call stack exhausted")
        (assert_exhaustion (invoke "trap") "call stack exhausted")
        (assert_unlinkable (component (import "unlinkable" (func))) "missing")
        (assert_unlinkable (component (core module)) "missing")
        (assert_trap (component (import "start-trap" (func))) "unreachable")
        (assert_trap (component (import "unlinkable" (func))) "unreachable")
        """);
    assertThat(outcomes(r)).containsExactly(
        "passed",
        "passed",
        "failed: expected trap \"unreachable\", but it returned [42]",
        "failed: expected trap \"unreachable\", got exhausted: call stack exhausted",
        "passed",
        "failed: expected exhausted \"call stack exhausted\", got trap: unreachable",
        "passed",
        "failed: instantiated, but the script expects unlinkable \"missing\"",
        "passed",
        "failed: expected trap \"unreachable\", got unlinkable: missing import");
  }

  @Test
  void validationDirectives() throws IOException {
    List<CaseReport> r = run("""
        (assert_invalid (component (import "invalid" (func))) "scripted")
        (assert_invalid (component (core module)) "scripted")
        (assert_invalid (component (export "x" (func $nope))) "scripted")
        (assert_malformed (component binary "\\00asm") "bad")
        (assert_malformed (component binary "\\00asm\\0d\\00\\01\\00") "bad")
        (assert_malformed (component quote "(frob)") "bad")
        (assert_malformed (component quote "(core module)") "bad")
        (component (import "invalid" (func)))
        """);
    assertThat(outcomes(r)).containsExactly(
        "passed",
        "failed: validated, but the script expects invalid \"scripted\"",
        "failed: does not assemble (the module is well-formed, only invalid): t.wast:3:46: unknown func: failed to find name `$nope`",
        "passed",
        "failed: decoded, but the script expects malformed \"bad\"",
        "passed",
        "failed: assembled, but the script expects a text error \"bad\"",
        "failed: rejected: invalid: scripted invalid");
  }

  @Test
  void definitionsInstancesAndNames() throws IOException {
    ScriptedTarget target = new ScriptedTarget();
    List<CaseReport> r = run("""
        (component definition $D (core module))
        (assert_return (invoke "where") (str.const "x"))
        (component instance $a $D)
        (component instance $b $D)
        (assert_return (invoke $a "where") (str.const "t.wast:1"))
        (assert_return (invoke "where") (str.const "t.wast:1"))
        (component instance $E)
        (component $named (core module))
        (assert_return (invoke $named "where") (str.const "t.wast:8"))
        (assert_return (invoke $a "forty-two") (u32.const 42))
        (invoke $nobody "where")
        (register "x" $named)
        """, Expectations.none(), target);
    assertThat(outcomes(r)).containsExactly(
        "passed",
        "failed: no module instance defined to run `where` on",
        "passed",
        "passed",
        "passed",
        "passed",
        "failed: unknown definition $E",
        "passed",
        "passed",
        "passed",
        "failed: no module instance $nobody to run `where` on",
        "failed: `register` is not supported: the runtime SPI does not link script instances");
    assertThat(target.instantiated).containsExactly("t.wast:1", "t.wast:1", "t.wast:8");
  }

  @Test
  void actionsOnAModuleThatFailedSayWhich() throws IOException {
    List<CaseReport> r = run("""
        (component definition $D (import "invalid" (func)))
        (component instance $i $D)
        (assert_return (invoke $i "forty-two") (u32.const 42))
        (assert_return (invoke "forty-two") (u32.const 42))
        (component (import "unlinkable" (func)))
        (invoke "forty-two")
        (component (core module))
        (invoke "forty-two")
        """);
    assertThat(outcomes(r)).containsExactly(
        "failed: rejected: invalid: scripted invalid",
        "failed: not instantiated: the definition $D (line 1) failed",
        "failed: not run: the module it acts on (line 1) failed",
        "failed: not run: the module it acts on (line 1) failed",
        "failed: instantiation failed: unlinkable: missing import",
        "failed: not run: the module it acts on (line 5) failed",
        "passed",
        "passed");
  }

  @Test
  void anUnreadableDirectiveFailsAloneAndAScriptThatDoesNotLexIsOneFailure() throws IOException {
    List<CaseReport> r = run("""
        (component (core module))
        (assert_return (invoke "forty-two") (u8.const 300))
        (assert_return (invoke "forty-two") (u32.const 42))
        """);
    assertThat(r).extracting(CaseReport::outcome).containsExactly(Outcome.PASSED, Outcome.FAILED, Outcome.PASSED);
    assertThat(r.get(1).message()).startsWith("does not read: t.wast:2:");
    List<CaseReport> broken = run("(component\n  (core module)\n");
    assertThat(broken).hasSize(1);
    assertThat(broken.get(0).directive()).isEqualTo("script");
    assertThat(broken.get(0).outcome()).isEqualTo(Outcome.FAILED);
    assertThat(broken.get(0).message()).contains("unclosed");
  }

  @Test
  void aDirectiveThatRunsPastTheTimeoutFails() throws IOException {
    long start = System.nanoTime();
    List<CaseReport> r = run("""
        (component (core module))
        (invoke "slow")
        (assert_return (invoke "forty-two") (u32.const 42))
        """);
    assertThat(outcomes(r)).containsExactly("passed", "failed: timed out after 0 s", "passed");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
  }

  @Test
  void expectationsSkipFailAndPropagateToDependentActions() throws IOException {
    Expectations e = Expectations.parse("""
        # comment
        t.wast:1  skip  *        the module needs a feature
        t.wast:4  fail  execute  a known bug
        t.wast:5  fail  execute  stale: this one passes
        t.wast:6  skip  parse    not this mode
        """, "exp.txt");
    List<CaseReport> r = run("""
        (component (core module))
        (assert_return (invoke "forty-two") (u32.const 42))
        (component (core module))
        (assert_return (invoke "forty-two") (u32.const 0))
        (assert_return (invoke "forty-two") (u32.const 42))
        (assert_return (invoke "forty-two") (u32.const 42))
        """, e, new ScriptedTarget());
    assertThat(outcomes(r)).containsExactly(
        "skipped: the module needs a feature",
        "skipped: depends on the skipped t.wast:1",
        "passed",
        "expected-failure: a known bug [result 0: expected 0, got 42]",
        "failed: expected to fail (stale: this one passes) but passed: remove the entry from exp.txt",
        "passed");
    assertThat(e.unused("execute")).isEmpty();
    assertThat(e.unused("parse")).extracting(Expectations.Entry::key).containsExactly("t.wast:6");
  }

  @Test
  void aWholeFileEntryCoversEveryCase() throws IOException {
    Expectations e = Expectations.parse("t.wast  skip  *  whole file\n", "exp.txt");
    List<CaseReport> r = run("(component)\n(component)\n", e, new ScriptedTarget());
    assertThat(outcomes(r)).containsExactly("skipped: whole file", "skipped: whole file");
  }

  @Test
  void eachWastRunLineIsASessionWithItsFeatures() throws IOException {
    ScriptedTarget target = new ScriptedTarget();
    Path f = dir.resolve("wasm-tools/tests/cli/component-model/x.wast");
    Files.createDirectories(f.getParent());
    Files.writeString(f, """
        ;; RUN: wast --assert default --snapshot tests/snapshots % -f cm-async
        ;; RUN[lenient]: WAST_STRICT_COMPONENT_INDICES=0 wast --assert default % -f cm-async
        (component
          (import "f" (func $f (param "x" string)))
          (core module $libc (memory (export "mem") 1))
          (core instance $libc (instantiate $libc))
          (core func (canon lower (func $f) (memory $libc "mem"))))
        """);
    List<FileReport> reports = new WastRunner(target, Expectations.none(), dir).run(f);
    assertThat(reports).extracting(FileReport::file).containsExactly(
        "wasm-tools/tests/cli/component-model/x.wast", "wasm-tools/tests/cli/component-model/x.wast[lenient]");
    assertThat(reports.get(0).cases().get(0).message()).contains("an export name must be written inside a nested reference");
    assertThat(reports.get(1).cases().get(0).outcome()).isEqualTo(Outcome.PASSED);
    assertThat(reports.get(1).suite()).isEqualTo("wasm-tools");
    assertThat(reports.get(1).feature()).isEqualTo("component-model");
    assertThat(target.runs).extracting(WastRunLine::features).containsExactly(List.of("cm-async"));
    assertThat(reports.get(1).toCaseResults("scripted").get(0).key())
        .isEqualTo("scripted wasm-tools wasm-tools/tests/cli/component-model/x.wast[lenient]:3 component");
  }

  @Test
  void filesWithoutARunLineUseTheirSuitesDefaults() throws IOException {
    ScriptedTarget target = new ScriptedTarget();
    Path f = dir.resolve("component-model/test/values/y.wast");
    Files.createDirectories(f.getParent());
    Files.writeString(f, "(component)\n");
    List<FileReport> reports = new WastRunner(target, Expectations.none(), dir).run(f);
    assertThat(reports.get(0).feature()).isEqualTo("values");
    assertThat(target.runs.get(0).features()).containsAll(List.of("cm-async", "cm-fixed-length-lists", "cm-map"));
  }

  @Test
  void scriptsAreFoundInDirectories() throws IOException {
    Files.writeString(dir.resolve("a.wast"), "(component)");
    Files.writeString(dir.resolve("b.wat"), ";; RUN: wast --assert default %\n(component)");
    Files.writeString(dir.resolve("c.wat"), ";; RUN: parse %\n(component)");
    Files.writeString(dir.resolve("d.txt"), "(component)");
    assertThat(WastRunner.scripts(List.of(dir))).extracting(p -> p.getFileName().toString())
        .containsExactly("a.wast", "b.wat");
    assertThatThrownBy(() -> WastRunner.scripts(List.of(dir.resolve("nope")))).isInstanceOf(IOException.class);
  }

  /** Writes {@code text} as the script {@code id} under the temporary suites root and runs it. */
  private List<FileReport> runAt(String id, String text, Expectations e, WastTarget target) throws IOException {
    Path f = dir.resolve(id);
    Files.createDirectories(f.getParent());
    Files.writeString(f, text);
    return new WastRunner(target, e, dir).timeout(Duration.ofMillis(500)).run(f);
  }

  private static final String WASM_TOOLS_RUN = ";; RUN: wast --assert default --snapshot tests/snapshots %\n";

  @Test
  void aWasmToolsScriptIsValidatedAndItsModulesInstantiatedOnlyForAnAction() throws IOException {
    String body = """
        (component (import "unlinkable" (func)))
        (component (core module))
        (assert_return (invoke "forty-two") (u32.const 42))
        (assert_return (invoke "where") (str.const "wasm-tools/tests/cli/component-model/v.wast:3"))
        (component (import "unlinkable" (func)))
        (invoke "forty-two")
        (assert_trap (invoke "forty-two") "unreachable")
        """;
    ScriptedTarget target = new ScriptedTarget();
    List<FileReport> r = runAt("wasm-tools/tests/cli/component-model/v.wast", WASM_TOOLS_RUN + body,
        Expectations.none(), target);
    assertThat(r.get(0).mode()).isEqualTo("validate");
    assertThat(outcomes(r.get(0).cases())).containsExactly(
        "passed",
        "passed",
        "passed",
        "passed",
        "passed",
        "failed: not run: the module it acts on (line 6) does not instantiate: unlinkable: missing import",
        "failed: not run: the module it acts on (line 6) does not instantiate: unlinkable: missing import");
    // Instantiated once, for the first action on it; the module with imports never was.
    assertThat(target.instantiated).containsExactly("wasm-tools/tests/cli/component-model/v.wast:3");

    // Without a run line the same directives run as the spec interpreter does: every module
    // form is instantiated where it is defined.
    ScriptedTarget eager = new ScriptedTarget();
    List<FileReport> e = runAt("other/v.wast", body, Expectations.none(), eager);
    assertThat(e.get(0).mode()).isEqualTo("execute");
    assertThat(outcomes(e.get(0).cases())).containsExactly(
        "failed: instantiation failed: unlinkable: missing import",
        "passed",
        "passed",
        "failed: result 0: expected \"wasm-tools/tests/cli/component-model/v.wast:3\", got \"other/v.wast:2\"",
        "failed: instantiation failed: unlinkable: missing import",
        "failed: not run: the module it acts on (line 5) failed",
        "failed: not run: the module it acts on (line 5) failed");
  }

  @Test
  void aScriptNeedingAFeatureTheTargetDoesNotDeclareIsUnsupportedWithoutRunning() throws IOException {
    ScriptedTarget target = new ScriptedTarget();
    target.features = EnumSet.of(Feature.COMPONENT, Feature.INVOKE);
    Expectations e = Expectations.parse("component-model/test/async/a.wast:2  fail  execute  never looked up\n", "e.txt");
    List<FileReport> r = runAt("component-model/test/async/a.wast", """
        (component (core module))
        (assert_return (invoke "forty-two") (u32.const 0))
        """, e, target);
    assertThat(outcomes(r.get(0).cases())).containsExactly(
        "unsupported: needs component-async, which scripted does not declare",
        "unsupported: needs component-async, which scripted does not declare");
    assertThat(target.runs).isEmpty();
    assertThat(e.unused("execute")).hasSize(1);

    // A validated script needs no invoke, but each of its actions does.
    ScriptedTarget noInvoke = new ScriptedTarget();
    noInvoke.features = EnumSet.of(Feature.COMPONENT);
    List<FileReport> v = runAt("wasm-tools/tests/cli/component-model/i.wast", WASM_TOOLS_RUN + """
        (component (core module))
        (assert_return (invoke "forty-two") (u32.const 42))
        """, Expectations.none(), noInvoke);
    assertThat(outcomes(v.get(0).cases())).containsExactly(
        "passed",
        "unsupported: needs invoke, which scripted does not declare");
    assertThat(noInvoke.instantiated).isEmpty();
    // ... and an instantiated script needs it as a whole.
    assertThat(outcomes(runAt("other/i.wast", "(component (core module))\n", Expectations.none(), noInvoke)
        .get(0).cases())).containsExactly("unsupported: needs invoke, which scripted does not declare");
  }

  @Test
  void whatTheRuntimeDoesNotSupportIsUnsupportedAndSoAreTheActionsOnIt() throws IOException {
    List<CaseReport> r = run("""
        (component (import "exotic" (func)))
        (assert_return (invoke "forty-two") (u32.const 42))
        (assert_trap (invoke "trap") "unreachable")
        (assert_invalid (component (core module)) "not swallowed")
        (component definition $D (import "exotic" (func)))
        (component instance $i $D)
        (invoke $i "forty-two")
        (component $rare (import "rare" (func)))
        (invoke $rare "forty-two")
        (register "r" $rare)
        (component (core module))
        (invoke "odd")
        (assert_trap (invoke "odd") "unreachable")
        (assert_return (invoke "forty-two") (u32.const 42))
        (assert_invalid (component (import "exotic" (func))) "invalid")
        (assert_unlinkable (component (import "rare" (func))) "missing")
        (component (import "unlinkable" (func)))
        (invoke "forty-two")
        """);
    assertThat(outcomes(r)).containsExactly(
        "unsupported: rejected: unsupported: scripted exotic",
        "unsupported: acts on the module of line 1, which scripted does not support",
        "unsupported: acts on the module of line 1, which scripted does not support",
        "failed: validated, but the script expects invalid \"not swallowed\"",
        "unsupported: rejected: unsupported: scripted exotic",
        "unsupported: acts on the module of line 5, which scripted does not support",
        "unsupported: acts on the module of line 5, which scripted does not support",
        "unsupported: instantiation failed: unsupported: scripted rare import",
        "unsupported: acts on the module of line 8, which scripted does not support",
        "unsupported: acts on the module of line 8, which scripted does not support",
        "passed",
        "unsupported: `odd` failed: unsupported: scripted odd call",
        "unsupported: expected trap \"unreachable\", got unsupported: scripted odd call",
        "passed",
        "unsupported: expected invalid \"invalid\", got unsupported: scripted exotic",
        "unsupported: expected unlinkable \"missing\", got unsupported: scripted rare import",
        // A module that fails for another reason: its actions fail, unsupported no longer.
        "failed: instantiation failed: unlinkable: missing import",
        "failed: not run: the module it acts on (line 17) failed");
  }

  @Test
  void anExpectationOutranksTheUnsupportedClassification() throws IOException {
    Expectations e = Expectations.parse("""
        t.wast:2  fail  execute  the runtime declines it: got unsupported: scripted odd call
        t.wast:3  fail  execute  it used to say: got unsupported: something
        """, "exp.txt");
    List<CaseReport> r = run("""
        (component (core module))
        (invoke "odd")
        (invoke "forty-two")
        """, e, new ScriptedTarget());
    assertThat(outcomes(r)).containsExactly(
        "passed",
        "expected-failure: the runtime declines it: got unsupported: scripted odd call [`odd` failed: unsupported: scripted odd call]",
        "failed: expected to fail (it used to say: got unsupported: something) but passed: remove the entry from exp.txt");
  }

  @Test
  void needsAreTheAreasAndInvokeWhereEveryModuleIsInstantiated() {
    assertThat(Support.needs("async", WastSemantics.INSTANTIATE))
        .containsExactlyInAnyOrder(Feature.COMPONENT, Feature.COMPONENT_ASYNC, Feature.INVOKE);
    assertThat(Support.needs("async", WastSemantics.VALIDATE)).containsExactlyInAnyOrder(Feature.COMPONENT, Feature.COMPONENT_ASYNC);
    assertThat(Support.needs("linking", WastSemantics.INSTANTIATE)).containsExactlyInAnyOrder(Feature.COMPONENT, Feature.INVOKE);
    assertThat(Support.missing("gc", WastSemantics.VALIDATE, EnumSet.of(Feature.COMPONENT)))
        .containsExactly(Feature.COMPONENT_GC);
    assertThat(SpecSuite.area("wasm-tools/tests/cli/component-model/async/futures.wast")).isEqualTo("async");
    assertThat(SpecSuite.area("wasm-tools/tests/cli/component-model/alias.wast")).isEqualTo("component-model");
    assertThat(SpecSuite.area("component-model/test/values/strings.wast")).isEqualTo("values");
    assertThat(SpecSuite.area("elsewhere/x.wast")).isEqualTo("other");
    assertThat(WastSemantics.of(WastRunLine.parseAll(WASM_TOOLS_RUN).get(0))).isEqualTo(WastSemantics.VALIDATE);
    assertThat(WastSemantics.of(WastRunner.defaultRun("component-model/test/values/strings.wast")))
        .isEqualTo(WastSemantics.INSTANTIATE);
  }

  @Test
  void aSharedEngineInheritsTheParseAndValidateEntriesOnly() throws IOException {
    Path exp = Files.createDirectories(dir.resolve("exp"));
    Files.writeString(exp.resolve("trellis.txt"), """
        # comment
        a.wast:1  fail  validate  shared
        a.wast:2  fail  validate,execute  not shared: names execute
        a.wast:3  fail  *  not shared: every mode
        """);
    Files.writeString(exp.resolve("trellis-compiler.txt"), "a.wast:4  fail  execute  own\n");
    Expectations c = Expectations.forRuntime(exp, "trellis-compiler");
    assertThat(c.entries()).extracting(Expectations.Entry::key, Expectations.Entry::reason)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("a.wast:1", "shared"),
            org.assertj.core.groups.Tuple.tuple("a.wast:4", "own"));
    assertThat(Expectations.forRuntime(exp, "trellis").entries()).hasSize(3);
    assertThat(Expectations.forRuntime(exp, "nobody").entries()).isEmpty();
  }

  @Test
  void expectationFilesAreChecked() {
    assertThatThrownBy(() -> Expectations.parse("a.wast:1 maybe * why\n", "e.txt"))
        .isInstanceOf(TextException.class).hasMessageContaining("e.txt:1:").hasMessageContaining("expected `skip` or `fail`");
    assertThatThrownBy(() -> Expectations.parse("a.wast:1 skip *\n", "e.txt"))
        .isInstanceOf(TextException.class).hasMessageContaining("<reason>");
    assertThatThrownBy(() -> Expectations.parse("a.wast:1 skip run why\n", "e.txt"))
        .isInstanceOf(TextException.class).hasMessageContaining("unknown mode `run`");
    assertThatThrownBy(() -> Expectations.parse("a.wast:1 skip * why\n\na.wast:1 fail parse again\n", "e.txt"))
        .isInstanceOf(TextException.class).hasMessageContaining("e.txt:3:").hasMessageContaining("already listed on line 1");
    Expectations ok = Expectations.parse("a.wast:1 skip parse one\na.wast:1 fail execute two\n", "e.txt");
    assertThat(ok.lookup("a.wast", 1, "execute").reason()).isEqualTo("two");
    assertThat(ok.lookup("a.wast", 1, "validate")).isNull();
  }

  /** The checked-in expectations file of the reference engine parses. */
  @Test
  void theCheckedInExpectationsParse() throws IOException {
    Path file = Expectations.fileFor(dev.trellis.harness.Suites.repoRoot(), "trellis");
    assertThat(file).exists();
    assertThat(Expectations.load(file).entries()).allSatisfy(e -> assertThat(e.reason()).isNotBlank());
  }
}
