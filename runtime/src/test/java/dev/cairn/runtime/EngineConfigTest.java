package dev.cairn.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.cairn.config.Config;
import dev.cairn.config.ConfigDocs;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The engine's keys are the builder's defaults and ranges, and a loaded section configures it. */
class EngineConfigTest {
  @Test
  void theBuildersDefaultsAreTheDeclaredOnes() {
    try (CairnProcessor processor = builder().build()) {
      Settings settings = processor.pipeline().settings;
      int workers = EngineConfig.WORKERS.defaultValue();
      assertThat(workers).isEqualTo(Math.max(2, Runtime.getRuntime().availableProcessors()));
      assertThat(settings.workers()).isEqualTo(workers);
      assertThat(settings.downloads()).isEqualTo(EngineConfig.DOWNLOADS.defaultValue());
      assertThat(settings.queueCapacity()).as("2 × workers + downloads").isEqualTo(2 * workers + settings.downloads());
      assertThat(settings.batchSize()).isEqualTo(EngineConfig.BATCH_SIZE.defaultValue());
      assertThat(settings.dedupWindow()).isEqualTo(EngineConfig.DEDUP_WINDOW.defaultValue());
      assertThat(settings.recentEventIds()).isEqualTo(EngineConfig.RECENT_EVENT_IDS.defaultValue());
      assertThat(settings.downloadBuffer()).isEqualTo(EngineConfig.DOWNLOAD_BUFFER.defaultValue());
      assertThat(settings.maxInterruptions()).isEqualTo(EngineConfig.MAX_INTERRUPTIONS.defaultValue());
      assertThat(settings.checkpointInterval()).isEqualTo(EngineConfig.CHECKPOINT_INTERVAL.defaultValue());
    }
  }

  @Test
  void aLoadedSectionConfiguresTheBuilder() throws Exception {
    Config config = EngineConfig.DEF.load(new YAMLMapper().readTree("""
        workers: 3
        downloads: 2
        dedupWindow: 1h
        downloadBuffer: 1MB
        """), Map.<String, String>of()::get, null);

    try (CairnProcessor processor = builder().batchSize(7).configure(config).build()) {
      Settings settings = processor.pipeline().settings;
      assertThat(settings.workers()).isEqualTo(3);
      assertThat(settings.queueCapacity()).as("follows the configured workers and downloads").isEqualTo(8);
      assertThat(settings.dedupWindow()).isEqualTo(Duration.ofHours(1));
      assertThat(settings.downloadBuffer()).isEqualTo(1L << 20);
      assertThat(settings.batchSize()).as("not in the config: kept").isEqualTo(7);
    }
  }

  @Test
  void settersCheckTheDeclaredRanges() {
    assertThatIllegalArgumentException().isThrownBy(() -> CairnProcessor.builder().workers(0))
        .withMessage("workers: expected a whole number from 1 to 256, got '0'");
    assertThatIllegalArgumentException().isThrownBy(() -> CairnProcessor.builder().downloadBuffer(1024))
        .withMessage("downloadBuffer: expected a size of at least 64KB, got '1KB'");
    assertThatIllegalArgumentException().isThrownBy(() -> CairnProcessor.builder().recentEventIds(-1))
        .withMessage("recentEventIds: expected a whole number from 0 to 16777216, got '-1'");
  }

  @Test
  void everyKeyIsDocumented() {
    assertThat(EngineConfig.DEF.keys()).allSatisfy(key -> assertThat(key.doc()).as(key.name()).isNotBlank());
    assertThat(ConfigDocs.table(EngineConfig.DEF))
        .contains("| `queueCapacity` | whole number | 2 × workers + downloads | 1 to 100000 |")
        .contains("| `downloadBuffer` | size | `64MB` | at least 64KB |");
  }

  private static CairnProcessor.Builder builder() {
    return CairnProcessor.builder().source(new TestSource()).decoder(TestDecoder.INSTANCE).eventsProcessor(events -> {});
  }
}
