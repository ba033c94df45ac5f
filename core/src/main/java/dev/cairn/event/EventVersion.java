package dev.cairn.event;

/**
 * A CloudTrail {@code eventVersion} as two integers, so that {@code 1.10} is newer than {@code 1.9}
 * (compared as decimals it would not be).
 *
 * @param major the part before the dot
 * @param minor the part after the dot ({@code "1.08"} has minor 8)
 */
public record EventVersion(int major, int minor) implements Comparable<EventVersion> {

  /** Parses {@code "1.08"}, {@code "1.10"} or {@code "1.0"}; returns null for anything else. */
  public static EventVersion parse(String text) {
    if (text == null) {
      return null;
    }
    int dot = text.indexOf('.');
    try {
      if (dot < 0) {
        return new EventVersion(Integer.parseInt(text), 0);
      }
      return new EventVersion(
          Integer.parseInt(text.substring(0, dot)), Integer.parseInt(text.substring(dot + 1)));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** True when this version has the same major and at least the given minor. */
  public boolean atLeast(int major, int minor) {
    return this.major == major && this.minor >= minor;
  }

  @Override
  public int compareTo(EventVersion other) {
    int byMajor = Integer.compare(major, other.major);
    return byMajor != 0 ? byMajor : Integer.compare(minor, other.minor);
  }

  @Override
  public String toString() {
    return major + "." + (minor < 10 ? "0" + minor : Integer.toString(minor));
  }
}
