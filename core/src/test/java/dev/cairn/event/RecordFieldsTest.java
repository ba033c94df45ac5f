package dev.cairn.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RecordFieldsTest {
  private static final String CORE =
      "awsRegion, eventID, eventName, eventSource, eventTime, eventType, eventVersion, recipientAccountId, userIdentity{accountId}";

  @Test
  void alwaysHoldsTheCoreFields() {
    assertThat(RecordFields.of(List.of())).hasToString("{" + CORE + "}");
    assertThat(RecordFields.of(List.of(List.of("errorCode"))).covers(RecordFields.core())).isTrue();
  }

  @Test
  void pathsMergeIntoOneTree() {
    RecordFields fields = RecordFields.of(List.of(
        List.of("userIdentity", "type"), List.of("userIdentity", "sessionContext", "mfaAuthenticated"),
        List.of("requestParameters")));

    assertThat(fields.toString()).contains("userIdentity{accountId, sessionContext{mfaAuthenticated}, type}");
    assertThat(fields.child("requestParameters").isWhole()).isTrue();
    assertThat(fields.child("requestParameters").child("anything")).isSameAs(RecordFields.ALL);
    assertThat(fields.child("responseElements")).isNull();
    assertThat(fields.child("userIdentity").names()).containsExactlyInAnyOrder("accountId", "type", "sessionContext");
  }

  @Test
  void aWholeFieldAbsorbsItsParts() {
    RecordFields fields = RecordFields.of(List.of(List.of("userIdentity", "type"), List.of("userIdentity")));

    assertThat(fields.child("userIdentity").isWhole()).isTrue();
  }

  @Test
  void anEmptyPathMeansTheWholeRecord() {
    assertThat(RecordFields.of(List.of(List.of("eventName"), List.of()))).isSameAs(RecordFields.ALL);
  }

  @Test
  void coversComparesTrees() {
    RecordFields small = RecordFields.of(List.of(List.of("userIdentity", "type")));
    RecordFields large = RecordFields.of(List.of(List.of("userIdentity"), List.of("errorCode")));

    assertThat(large.covers(small)).isTrue();
    assertThat(small.covers(large)).isFalse();
    assertThat(RecordFields.ALL.covers(large)).isTrue();
    assertThat(large.covers(RecordFields.ALL)).isFalse();
    assertThat(small.union(large)).isEqualTo(large);
    assertThat(small.union(RecordFields.ALL)).isSameAs(RecordFields.ALL);
    assertThat(RecordFields.core().child("userIdentity").covers(RecordFields.core())).isFalse();
  }
}
