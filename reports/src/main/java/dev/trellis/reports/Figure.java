package dev.trellis.reports;

/**
 * One rendered chart.
 *
 * @param section the report section it belongs to (conformance, phases, density, throughput,
 *     http, history)
 * @param title its title (also the image's alt text)
 * @param caption how to read it
 * @param png the PNG image
 */
public record Figure(String section, String title, String caption, byte[] png) {}
