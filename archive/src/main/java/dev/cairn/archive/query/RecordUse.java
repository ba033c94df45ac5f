package dev.cairn.archive.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.cairn.archive.Column;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Whether a query may read the {@code record} column, from DuckDB's own parse tree of it ({@code
 * json_serialize_sql}): no second SQL grammar to keep in step. Errs towards yes: any star, any
 * positional reference, any name that is neither one of the other columns nor an alias the query
 * gives an expression (so a table alias used as a whole row, a lambda parameter, a struct field),
 * and anything DuckDB will not serialise (a syntax error, a statement other than SELECT) count as
 * reading it. A wrong "yes" only costs time; a
 * wrong "no" cannot give wrong answers either, since the view then has no record column and the
 * query fails with DuckDB's error.
 */
final class RecordUse {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The columns a query may name without reading the record, lower-cased. */
  private static final Set<String> OTHER_COLUMNS = Column.TYPED.stream()
      .map(c -> c.name().toLowerCase(Locale.ROOT))
      .collect(Collectors.toUnmodifiableSet());

  private RecordUse() {}

  static boolean reads(Connection duck, String sql) throws SQLException {
    String tree;
    try (PreparedStatement p = duck.prepareStatement("SELECT json_serialize_sql(?::VARCHAR)")) {
      p.setString(1, sql);
      try (ResultSet rs = p.executeQuery()) {
        if (!rs.next()) {
          return true;
        }
        tree = rs.getString(1);
      }
    } catch (SQLException e) {
      return true; // DuckDB could not even serialise it: the query itself will say what is wrong
    }
    try {
      JsonNode root = JSON.readTree(tree);
      if (root == null || root.path("error").asBoolean(true)) {
        return true;
      }
      Set<String> expressionAliases = new HashSet<>();
      Set<String> tableNames = new HashSet<>();
      names(root, expressionAliases, tableNames);
      expressionAliases.removeAll(tableNames); // "ORDER BY e" with a table called e too: may be the row
      return reads(root, expressionAliases);
    } catch (JsonProcessingException e) {
      return true;
    }
  }

  /**
   * Gathers the aliases given to expressions ({@code count(*) AS n}) and every name a table, a
   * subquery or a CTE goes by; lower-cased.
   */
  private static void names(JsonNode node, Set<String> expressionAliases, Set<String> tableNames) {
    if (node.isObject()) {
      String alias = node.path("alias").asText("").toLowerCase(Locale.ROOT);
      if (node.has("class")) {
        if (!alias.isEmpty()) {
          expressionAliases.add(alias);
        }
      } else if (!alias.isEmpty()) {
        tableNames.add(alias);
      }
      String table = node.path("table_name").asText("");
      if (!table.isEmpty()) {
        tableNames.add(table.toLowerCase(Locale.ROOT));
      }
      JsonNode ctes = node.path("cte_map").path("map");
      for (JsonNode cte : ctes) {
        tableNames.add(cte.path("key").asText("").toLowerCase(Locale.ROOT));
      }
    }
    for (JsonNode child : node) {
      names(child, expressionAliases, tableNames);
    }
  }

  private static boolean reads(JsonNode node, Set<String> expressionAliases) {
    if (node.isObject()) {
      String kind = node.path("class").asText("");
      if (kind.equals("STAR") || kind.equals("POSITIONAL_REFERENCE")) {
        return true;
      }
      if (kind.equals("COLUMN_REF")) {
        JsonNode names = node.path("column_names");
        if (!names.isArray() || names.isEmpty()) {
          return true;
        }
        String last = names.get(names.size() - 1).asText("").toLowerCase(Locale.ROOT);
        boolean alias = names.size() == 1 && expressionAliases.contains(last);
        if (!OTHER_COLUMNS.contains(last) && !alias) {
          return true;
        }
      }
    }
    for (JsonNode child : node) {
      if (reads(child, expressionAliases)) {
        return true;
      }
    }
    return false;
  }
}
