package dev.trellis.wasiconformance;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trellis.harness.adapters.NodeTools;
import dev.trellis.harness.adapters.Processes;
import dev.trellis.harness.spi.Wasm;
import dev.trellis.wasiconformance.WasiRunner.ProgramException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * An upstream wasi-testsuite checkout ({@code trellis certify --wasi-testsuite DIR}): every
 * directory holding a {@code manifest.json} is a suite of tests, one per {@code *.wasm} (or
 * {@code *.wat}) with its {@code NAME.json} spec (defaults when there is none). A directory named
 * {@code wasm32-wasip1}, or one without an architecture in its name (the older layout), holds
 * preview1 core modules: they are made WASI 0.2 commands with the preview1 command adapter that
 * ships in jco, in one Node process for the whole checkout, cached by content hash. A directory
 * named {@code wasm32-wasip3} holds WASI 0.3 components, run only on runtimes that declare
 * {@code wasi-p3}. A spec this runner cannot read (the older {@code "protocol"} form, say) is
 * reported unsupported with the reason, not dropped.
 */
public final class WasiTestsuite {
  public static final String ID = "wasi-testsuite";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<WasiCase> cases;
  private final Map<Path, Path> adapted;
  private final Map<Path, Wasm> cache = new ConcurrentHashMap<>();

  private WasiTestsuite(List<WasiCase> cases, Map<Path, Path> adapted) {
    this.cases = List.copyOf(cases);
    this.adapted = adapted;
  }

  /**
   * Reads the checkout at {@code root} and adapts its preview1 modules into {@code cacheDir}
   * (with {@code componentize.mjs} from {@code programsDir}).
   */
  public static WasiTestsuite load(Path root, Path cacheDir, Path programsDir) throws IOException {
    if (!Files.isDirectory(root)) {
      throw new IOException("no wasi-testsuite checkout at " + root);
    }
    List<Path> manifests;
    try (Stream<Path> s = Files.walk(root)) {
      manifests = s.filter(p -> p.getFileName().toString().equals("manifest.json")).sorted().toList();
    }
    List<WasiCase> cases = new ArrayList<>();
    List<Path> preview1 = new ArrayList<>();
    for (Path manifest : manifests) {
      Path dir = manifest.getParent();
      String arch = dir.getFileName().toString();
      boolean p3 = arch.contains("wasip3");
      String area = p3 ? "wasip3" : "wasip1";
      List<Path> tests;
      try (Stream<Path> s = Files.list(dir)) {
        tests = s.filter(p -> {
          String n = p.getFileName().toString();
          return n.endsWith(".wasm") || n.endsWith(".wat");
        }).sorted().toList();
      }
      for (Path t : tests) {
        String file = t.getFileName().toString();
        String base = file.substring(0, file.lastIndexOf('.'));
        Path specFile = dir.resolve(base + ".json");
        String id = root.relativize(dir.resolve(base)).toString().replace('\\', '/');
        WasiSpec spec;
        WasiCase.Program program;
        try {
          spec = Files.exists(specFile) ? WasiSpec.read(specFile) : WasiSpec.defaults();
          if (file.endsWith(".wat")) {
            program = new WasiCase.Program.Wat(t);
          } else if (p3) {
            program = new WasiCase.Program.Preview3(t);
          } else if (Wasm.kindOf(Files.readAllBytes(t)) == Wasm.Kind.COMPONENT) {
            program = new WasiCase.Program.Component(t);
          } else {
            program = new WasiCase.Program.Preview1(t);
            preview1.add(t);
          }
        } catch (WasiSpec.SpecException e) {
          spec = WasiSpec.defaults();
          program = new WasiCase.Program.Unreadable(specFile, e.getMessage());
        }
        cases.add(new WasiCase(ID, id, area, Files.exists(specFile) ? specFile : dir.resolve(base + ".json"), spec,
            program));
      }
    }
    return new WasiTestsuite(cases, adapt(preview1, cacheDir, programsDir));
  }

  public List<WasiCase> cases() {
    return cases;
  }

  /** The component a case runs: adapted (preview1), assembled (WAT) or as it is. */
  public Wasm wasm(WasiCase c) {
    return cache.computeIfAbsent(c.program().path(), p -> switch (c.program()) {
      case WasiCase.Program.Preview1 p1 -> {
        Path out = adapted.get(p1.path());
        if (out == null || !Files.exists(out)) {
          throw new ProgramException(p1.path() + ": the preview1 adapter could not make a component of it");
        }
        try {
          yield Wasm.of(p1.path().getFileName().toString(), Files.readAllBytes(out));
        } catch (IOException e) {
          throw new ProgramException(e.getMessage(), e);
        }
      }
      default -> WasiSuite.load(c.program());
    });
  }

  /** Adapts every module not already in the cache, in one Node process; returns module -> component. */
  private static Map<Path, Path> adapt(List<Path> modules, Path cacheDir, Path programsDir) throws IOException {
    Map<Path, Path> out = new ConcurrentHashMap<>();
    if (modules.isEmpty()) {
      return out;
    }
    Files.createDirectories(cacheDir);
    ArrayNode jobs = JSON.createArrayNode();
    for (Path m : modules) {
      Path target = cacheDir.resolve(sha256(Files.readAllBytes(m)) + ".wasm");
      out.put(m, target);
      if (!Files.exists(target)) {
        ObjectNode j = jobs.addObject();
        j.put("core", m.toAbsolutePath().toString());
        j.put("out", target.toAbsolutePath().toString());
        j.put("adapter", "command");
        j.put("embed", false);
      }
    }
    if (jobs.isEmpty()) {
      return out;
    }
    Path node = NodeTools.node().orElseThrow(() -> new IOException("node is needed to adapt preview1 modules"));
    Path jobsFile = cacheDir.resolve("jobs.json");
    JSON.writeValue(jobsFile.toFile(), jobs);
    Processes.Result r = Processes.run(List.of(node.toString(), programsDir.resolve("componentize.mjs").toString(),
        NodeTools.nodeModules().toString(), programsDir.resolve("wit").toString(), jobsFile.toString()), cacheDir, Map.of(),
        null, Duration.ofMinutes(10));
    if (r.timedOut()) {
      throw new IOException("adapting preview1 modules timed out");
    }
    // A module the adapter cannot take is reported by its case (no component in the cache).
    return out;
  }

  private static String sha256(byte[] b) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b)).substring(0, 32);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
