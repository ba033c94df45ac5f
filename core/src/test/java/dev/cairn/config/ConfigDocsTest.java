package dev.cairn.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

class ConfigDocsTest {
  @Test
  void everyKeyIsARowUnderItsFullPath() {
    String table = ConfigDocs.table(ConfigDefTest.FILE);

    assertThat(table).startsWith("| Key | Type | Default | Allowed | Description |\n|---|---|---|---|---|\n")
        .contains("| `workers` | whole number | number of cores | 1 to 256 |  |\n")
        .contains("| `buffer` | size | `64MB` |  |  |\n")
        .contains("| `rules` | list of paths | the bundled pack |  |  |\n")
        .contains("| `http` | mapping |  |  |  |\n")
        .contains("| `http.port` | whole number | `9464` | -1 to 65535 |  |\n")
        .contains("| `folders` | list of mappings or folders | `[]` |  |  |\n")
        .contains("| `folders[].path` | folder | required |  |  |\n")
        .contains("| `sqs` | list of mappings | `[]` | give both accessKeyId and secretAccessKey, or neither |  |\n")
        .contains("| `sqs[].queueUrl` | URL | required |  | The queue. |\n")
        .contains("| `sqs[].extendEvery` | duration | half of visibilityTimeout | less than visibilityTimeout |  |\n")
        .contains("""
            | `channels` | mapping of name to mapping | `{}` |  |  |
            | `channels.<name>.type` | choice | required | `slack`, `webhook` | Chooses the keys below. |
            | `channels.<name>.token` | secret | required |  | With `type: slack`: Bot token. |
            | `channels.<name>.url` | URL | required |  | With `type: webhook`:  |
            """)
        .contains("| `accounts` | mapping of account id to text | `{}` |  |  |\n");
  }

  @Test
  void onlyTheMarkedPartOfADocumentIsReplaced() {
    String document = "# Title\n\nProse.\n\n" + ConfigDocs.BEGIN + " run bin/x -->\nstale\n" + ConfigDocs.END + "\n\nMore prose.\n";

    String updated = ConfigDocs.replaceTable(document, ConfigDefTest.FILE);

    assertThat(updated).startsWith("# Title\n\nProse.\n\n" + ConfigDocs.BEGIN + " run bin/x -->\n| Key |")
        .endsWith("|\n" + ConfigDocs.END + "\n\nMore prose.\n").doesNotContain("stale");
    assertThat(ConfigDocs.replaceTable(updated, ConfigDefTest.FILE)).isEqualTo(updated);
    assertThatIllegalArgumentException().isThrownBy(() -> ConfigDocs.replaceTable("no markers", ConfigDefTest.FILE));
  }
}
