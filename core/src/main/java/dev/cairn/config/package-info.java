/**
 * Configuration declared once per key, in the manner of Kafka's {@code ConfigDef}: each module
 * declares its keys ({@link dev.cairn.config.ConfigKey}: name, {@link dev.cairn.config.ConfigType
 * type}, default, allowed values, documentation) next to the code that uses them, and loading,
 * validation, the library builders' defaults and the reference documentation ({@link
 * dev.cairn.config.ConfigDocs}) all come from that one declaration.
 *
 * <pre>{@code
 * // In the module that uses the key:
 * public static final ConfigKey<Integer> MAX_MESSAGES = ConfigKey.of("maxMessages", ConfigType.integer())
 *     .defaultValue(10).range(1, 10).doc("Messages per receive.");
 * public static final ConfigDef DEF = ConfigDef.builder().define(MAX_MESSAGES).build();
 *
 * // Its builder's default is the declared one:
 * private final Config.Builder settings = Config.builder(DEF);
 * public Builder maxMessages(int n) { settings.set(MAX_MESSAGES, n); return this; }   // checked here
 * ... settings.build().get(MAX_MESSAGES) ...                                         // 10 unless set
 *
 * // The application composes the modules' sections into its file and loads it:
 * Config config = FILE.load(yamlTree, System::getenv, file.getParent());  // every problem at once
 * }</pre>
 *
 * <p>Depends on the JDK and Jackson's tree model only.
 */
package dev.cairn.config;
