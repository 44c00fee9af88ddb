package dev.trellis.harness.adapters;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/** Versions of libraries on the class path, from the metadata their jars carry. */
public final class Versions {
  private Versions() {}

  /** From {@code META-INF/maven/GROUP/ARTIFACT/pom.properties}, or null. */
  public static String maven(String groupId, String artifactId) {
    String path = "META-INF/maven/" + groupId + "/" + artifactId + "/pom.properties";
    try (InputStream in = Versions.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        return null;
      }
      Properties p = new Properties();
      p.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
      return p.getProperty("version");
    } catch (IOException e) {
      return null;
    }
  }
}
