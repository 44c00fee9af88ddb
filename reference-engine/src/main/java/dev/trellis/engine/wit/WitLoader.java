package dev.trellis.engine.wit;

import dev.trellis.engine.error.WitException;
import dev.trellis.engine.wit.Resolve.PackageName;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Loads WIT from the filesystem into a {@link Resolve} (WIT.md#filesystem-structure): a
 * file is one package plus its nested {@code package ... { }} blocks; a directory is the
 * package of its {@code *.wit} files plus the packages in its {@code deps/} directory
 * (files, directories, or encoded WIT packages). Packages are added in dependency order.
 */
final class WitLoader {
  private final Resolve resolve;
  private final SourceMap sources = new SourceMap();

  WitLoader(Resolve resolve) {
    this.resolve = resolve;
  }

  /** A group of packages parsed together (one file, or one directory's files). */
  private record Group(List<UnresolvedPackage> packages) {}

  List<Integer> pushPath(Path path) throws IOException {
    try {
      if (Files.isDirectory(path)) {
        return pushDir(path);
      }
      return pushFile(path);
    } catch (WitError e) {
      throw sources.toException(e);
    }
  }

  /** Pushes several package directories (each like a {@code deps/} entry) together, in dependency order. */
  List<Integer> pushDirs(List<Path> dirs) throws IOException {
    try {
      List<Group> groups = new ArrayList<>();
      for (Path d : dirs) {
        groups.add(Files.isDirectory(d) ? parseDir(d)
            : parseGroup(single(d.toString(), utf8(Files.readAllBytes(d), d))));
      }
      return sortAndPush(groups);
    } catch (WitError e) {
      throw sources.toException(e);
    }
  }

  List<Integer> pushText(String name, String text) {
    try {
      return sortAndPush(List.of(parseGroup(single(name, text))));
    } catch (WitError e) {
      throw sources.toException(e);
    }
  }

  private List<Integer> pushFile(Path path) throws IOException {
    byte[] bytes = Files.readAllBytes(path);
    if (isWasm(bytes) || path.getFileName().toString().endsWith(".wat")) {
      return WitDecoding.pushEncoded(resolve, bytes, path.toString());
    }
    return sortAndPush(List.of(parseGroup(single(path.toString(), utf8(bytes, path)))));
  }

  private List<Integer> pushDir(Path dir) throws IOException {
    Path deps = dir.resolve("deps");
    List<Group> groups = new ArrayList<>();
    if (Files.exists(deps)) {
      for (Path dep : sortedEntries(deps)) {
        if (Files.isDirectory(dep)) {
          groups.add(parseDir(dep));
        } else {
          String name = dep.getFileName().toString();
          if (name.endsWith(".wit")) {
            groups.add(parseGroup(single(dep.toString(), utf8(Files.readAllBytes(dep), dep))));
          } else if (name.endsWith(".wasm") || name.endsWith(".wat")) {
            byte[] bytes = Files.readAllBytes(dep);
            WitDecoding.pushEncoded(resolve, bytes, dep.toString());
          }
        }
      }
    }
    Group root = parseDir(dir);
    groups.add(root);
    List<Integer> all = sortAndPush(groups);
    // the root directory's packages, in the order they were added
    List<Integer> ids = new ArrayList<>();
    for (int id : all) {
      for (UnresolvedPackage p : root.packages()) {
        if (resolve.packages.get(id).name.equals(p.name)) {
          ids.add(id);
        }
      }
    }
    return ids;
  }

  private Group parseDir(Path dir) throws IOException {
    List<String[]> files = new ArrayList<>();
    for (Path p : sortedEntries(dir)) {
      if (Files.isRegularFile(p) && p.getFileName().toString().endsWith(".wit")) {
        files.add(new String[] {p.toString(), utf8(Files.readAllBytes(p), p)});
      }
    }
    return parseGroup(files);
  }

  private static List<Path> sortedEntries(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.sorted(Comparator.comparing(p -> p.getFileName().toString())).toList();
    }
  }

  private static String utf8(byte[] bytes, Path path) {
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw WitDecoding.unlocated(path.toString(), "input file is not valid utf-8");
    }
  }

  private static List<String[]> single(String path, String text) {
    List<String[]> l = new ArrayList<>();
    l.add(new String[] {path, text});
    return l;
  }

  static boolean isWasm(byte[] bytes) {
    return bytes.length >= 4 && bytes[0] == 0 && bytes[1] == 'a' && bytes[2] == 's' && bytes[3] == 'm';
  }

  /** Parses files (path, text) that form one package, with the nested packages they define. */
  private Group parseGroup(List<String[]> files) {
    List<UnresolvedPackage> nested = new ArrayList<>();
    AstResolver main = new AstResolver();
    boolean anyMain = false;
    List<String[]> sorted = new ArrayList<>(files);
    sorted.sort(Comparator.comparing(f -> f[0]));
    for (String[] f : sorted) {
      int base = sources.push(f[0], f[1]);
      Ast.PackageFile file = WitParser.parse(f[1], base);
      List<Ast.Item> items = new ArrayList<>();
      for (Ast.Item item : file.items()) {
        if (item instanceof Ast.NestedPackage np) {
          AstResolver r = new AstResolver();
          r.push(np.packageId(), np.items());
          nested.add(r.resolve());
        } else {
          items.add(item);
        }
      }
      anyMain |= file.packageId() != null || !items.isEmpty();
      main.push(file.packageId(), items);
    }
    List<UnresolvedPackage> packages = new ArrayList<>();
    if (anyMain || nested.isEmpty()) {
      packages.add(main.resolve());
    }
    packages.addAll(nested);
    return new Group(packages);
  }

  /** Adds groups of packages to the resolve, dependencies first; returns the ids of all added. */
  private List<Integer> sortAndPush(List<Group> groups) {
    TreeMap<PackageName, UnresolvedPackage> details = new TreeMap<>();
    for (Group g : groups) {
      for (UnresolvedPackage p : g.packages()) {
        UnresolvedPackage prev = details.put(p.name, p);
        if (prev != null) {
          throw new WitError("package `" + p.name + "` is defined in two different locations:\n  * "
              + sources.location(p.nameSpan.start()) + "\n  * " + sources.location(prev.nameSpan.start()));
        }
      }
    }
    LinkedHashSet<PackageName> order = new LinkedHashSet<>();
    Set<PackageName> visiting = new HashSet<>();
    for (UnresolvedPackage p : details.values()) {
      visit(p, details, order, visiting);
    }
    List<Integer> ids = new ArrayList<>();
    for (PackageName name : order) {
      ids.add(Remap.append(resolve, details.get(name)));
    }
    return ids;
  }

  private void visit(UnresolvedPackage pkg, Map<PackageName, UnresolvedPackage> details,
      Set<PackageName> order, Set<PackageName> visiting) {
    if (order.contains(pkg.name)) {
      return;
    }
    int i = 0;
    for (var e : pkg.foreignDeps.entrySet()) {
      PackageName dep = e.getKey();
      Ast.Span span = pkg.foreignDepSpans.get(i++);
      if (!visiting.add(dep)) {
        throw WitError.at(span, "package `" + dep + "` creates a dependency cycle");
      }
      UnresolvedPackage d = details.get(dep);
      if (d != null) {
        visit(d, details, order, visiting);
      } else if (!resolve.packageNames.containsKey(dep) && anyActive(e.getValue())) {
        TreeSet<PackageName> known = new TreeSet<>(resolve.packageNames.keySet());
        known.addAll(details.keySet());
        StringBuilder msg = new StringBuilder("package '" + dep + "' not found");
        if (!known.isEmpty()) {
          msg.append(". known packages:");
          for (PackageName k : known) {
            msg.append("\n    ").append(k);
          }
        }
        throw WitError.at(span, msg.toString());
      }
      visiting.remove(dep);
    }
    order.add(pkg.name);
  }

  private boolean anyActive(Map<String, UnresolvedPackage.Foreign> items) {
    for (UnresolvedPackage.Foreign f : items.values()) {
      for (Resolve.Stability s : f.stabilities()) {
        if (resolve.includeStability(s)) {
          return true;
        }
      }
    }
    return false;
  }
}
