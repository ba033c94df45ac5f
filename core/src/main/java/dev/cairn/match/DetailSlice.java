package dev.cairn.match;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The part of an envelope's {@code detail} that some event patterns read: the members whose
 * subtrees hold a path they name, each kept whole. event-ruler looks only at the paths its rules
 * name, so matching the slice gives exactly what matching the whole detail gives, while it flattens
 * a few members instead of every field of the record.
 *
 * <p>Paths are dotted as event-ruler joins them, so a member whose name itself holds a dot is
 * kept when a path starts with it too ({@code "a.b"} for a pattern on {@code detail.a.b}).
 */
final class DetailSlice {
  static final DetailSlice NOTHING = new DetailSlice(false, Set.of(), List.of());

  private final boolean whole;
  /** First name of each path under detail ({@code userIdentity} for detail.userIdentity.type). */
  private final Set<String> firstNames;
  /** Each path under detail, dotted. */
  private final List<String> paths;

  private DetailSlice(boolean whole, Set<String> firstNames, List<String> paths) {
    this.whole = whole;
    this.firstNames = firstNames;
    this.paths = paths;
  }

  /** What the patterns read of detail; each pattern as {@link EventPatterns#recordPaths} sees it. */
  static DetailSlice of(List<JsonNode> patterns) {
    Set<String> firstNames = new HashSet<>();
    List<String> paths = new ArrayList<>();
    for (JsonNode pattern : patterns) {
      var recordPaths = EventPatterns.recordPaths(pattern);
      if (recordPaths.isEmpty()) {
        return new DetailSlice(true, Set.of(), List.of());
      }
      for (List<String> path : recordPaths.get()) {
        String dotted = String.join(".", path);
        paths.add(dotted);
        int dot = dotted.indexOf('.');
        firstNames.add(dot < 0 ? dotted : dotted.substring(0, dot));
      }
    }
    return new DetailSlice(false, Set.copyOf(firstNames), List.copyOf(paths));
  }

  /** Both slices' members. */
  DetailSlice and(DetailSlice other) {
    if (whole || other == NOTHING) {
      return this;
    }
    if (other.whole || this == NOTHING) {
      return other;
    }
    Set<String> names = new HashSet<>(firstNames);
    names.addAll(other.firstNames);
    List<String> both = new ArrayList<>(paths);
    both.addAll(other.paths);
    return new DetailSlice(false, names, both);
  }

  /** The slice of {@code detail}: a new object sharing the kept members; anything but an object as it is. */
  JsonNode cut(JsonNode detail) {
    if (whole || !(detail instanceof ObjectNode object)) {
      return detail;
    }
    ObjectNode slice = object.objectNode();
    for (Map.Entry<String, JsonNode> field : object.properties()) {
      String name = field.getKey();
      if (firstNames.contains(name) || (name.indexOf('.') >= 0 && named(name))) {
        slice.set(name, field.getValue());
      }
    }
    return slice;
  }

  private boolean named(String dottedName) {
    for (String path : paths) {
      if (path.equals(dottedName) || path.startsWith(dottedName + ".")) {
        return true;
      }
    }
    return false;
  }
}
