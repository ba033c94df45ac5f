package dev.cairn.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The cells both terminal tables are made of. */
class ColumnsTest {
  @Test
  void aCellIsEscapedCutAndPaddedToItsWidth() {
    StringBuilder line = new StringBuilder();
    Columns.cell(line, "root", 6);
    Columns.cell(line, null, 2);
    Columns.cell(line, "arn:aws:iam::111111111111:user/alice", 10);
    Columns.cell(line, "x\u001b[31m", 12);

    assertThat(line).hasToString("root   -  arn:aws:i… x\\x1b[31m    ");
  }

  @Test
  void clippingNeverSplitsAPairAndReplacesALoneHalf() {
    String face = "\uD83D\uDE00"; // one code point, two chars
    assertThat(Columns.clip("ab" + face + "cd", 4)).isEqualTo("ab…");
    assertThat(Columns.clip("ab" + face, 4)).isEqualTo("ab" + face);
    assertThat(Columns.clip("a\uD83Db", 5)).isEqualTo("a\uFFFDb");
    String plain = "fits";
    assertThat(Columns.clip(plain, 4)).isSameAs(plain);
  }

  @Test
  void aServiceIsItsEventSourceWithoutTheAwsDomain() {
    assertThat(Columns.service("iam.amazonaws.com")).isEqualTo("iam");
    assertThat(Columns.service("signin.example.org")).isEqualTo("signin.example.org");
    assertThat(Columns.service(null)).isEqualTo("-");
  }
}
