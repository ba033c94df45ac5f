package dev.cairn.alert.enrich;

import static dev.cairn.config.ConfigType.mapOf;
import static dev.cairn.config.ConfigType.text;

import dev.cairn.config.ConfigKey;
import java.util.Map;

/** The {@code accounts} key of {@code cairn.yaml}, declared once: account names for {@link Enricher}. */
public final class EnrichConfig {
  private EnrichConfig() {}

  public static final ConfigKey<Map<String, String>> ACCOUNTS = ConfigKey.of("accounts", mapOf("account id", text()))
      .defaultValue(Map.of())
      .doc("Account names by id (`\"111111111111\": Corezoid Dev`), shown in alerts as `accountAlias`; an "
          + "account not listed shows its id.");
}
