package dev.cairn.config;

import java.util.ArrayList;
import java.util.List;

/**
 * The reference documentation of a {@link ConfigDef}, generated so that it cannot drift from the
 * declarations: one Markdown table row per key, nested keys under their full path ({@code
 * sources.sqs[].waitTime}, {@code channels.<name>.url}).
 */
public final class ConfigDocs {
  /** Starts the generated part of a document; everything up to {@link #END} is replaced. */
  public static final String BEGIN = "<!-- BEGIN GENERATED KEYS:";
  /** Ends the generated part of a document. */
  public static final String END = "<!-- END GENERATED KEYS -->";

  private ConfigDocs() {}

  /** The table: key, type, default, allowed values, description. */
  public static String table(ConfigDef def) {
    StringBuilder out = new StringBuilder();
    out.append("| Key | Type | Default | Allowed | Description |\n");
    out.append("|---|---|---|---|---|\n");
    rows(def, "", out);
    return out.toString();
  }

  /**
   * {@code document} with the part between its {@link #BEGIN} line and its {@link #END} line
   * replaced by {@link #table}; the marker lines themselves are kept.
   *
   * @throws IllegalArgumentException when the markers are missing
   */
  public static String replaceTable(String document, ConfigDef def) {
    int begin = document.indexOf(BEGIN);
    int end = document.indexOf(END);
    if (begin < 0 || end < begin) {
      throw new IllegalArgumentException("no '" + BEGIN + " ...' line followed by a '" + END + "' line");
    }
    int afterBegin = document.indexOf('\n', begin) + 1;
    return document.substring(0, afterBegin) + table(def) + document.substring(end);
  }

  private static void rows(ConfigDef def, String prefix, StringBuilder out) {
    rows(def, prefix, "", out);
  }

  /** One row per key of {@code def}; {@code when} starts each description ("With `type: slack`: "). */
  private static void rows(ConfigDef def, String prefix, String when, StringBuilder out) {
    for (ConfigKey<?> key : def.keys()) {
      String path = prefix + key.name();
      List<String> allowed = new ArrayList<>();
      if (!key.describeAllowed().isEmpty()) {
        allowed.add(key.describeAllowed());
      }
      allowed.addAll(def.checksOn(key));
      ConfigDef nested = nested(key.type());
      if (nested != null) {
        allowed.addAll(nested.sectionChecks());
      }
      out.append("| `").append(path).append("` | ").append(cell(key.type().name())).append(" | ")
          .append(cell(key.describeDefault())).append(" | ").append(cell(String.join("; ", allowed))).append(" | ")
          .append(cell(when + key.doc())).append(" |\n");
      descend(key.type(), path, out);
    }
  }

  private static void descend(ConfigType<?> type, String path, StringBuilder out) {
    if (type instanceof VariantsType variants) {
      out.append("| `").append(path).append('.').append(variants.tag()).append("` | choice | required | ")
          .append(cell(String.join(", ", variants.variants().keySet().stream().map(n -> "`" + n + "`").toList())))
          .append(" | Chooses the keys below. |\n");
      variants.variants().forEach((name, def) ->
          rows(def, path + ".", "With `" + variants.tag() + ": " + name + "`: ", out));
    } else if (type.def() != null) {
      rows(type.def(), path + ".", out);
    } else if (type.element() != null) {
      descend(type.element(), path + type.elementPath(), out);
    }
  }

  /** The section a key holds, directly or as the elements of its list or map. */
  private static ConfigDef nested(ConfigType<?> type) {
    for (ConfigType<?> t = type; t != null; t = t.element()) {
      if (t.def() != null) {
        return t.def();
      }
    }
    return null;
  }

  private static String cell(String text) {
    return text.replace("|", "\\|").replace("\n", " ");
  }
}
