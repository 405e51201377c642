package dev.stratus.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import dev.stratus.server.api.UploadBodyLimits;
import org.junit.jupiter.api.Test;

class ConfigTest {
  @Test
  void defaultsNeedNoEnvironment() {
    Config config = Config.fromEnvironment(Map.of());
    assertThat(config.http().port()).isEqualTo(2590);
    assertThat(config.storage().dataDir()).isEqualTo(Path.of("stratus-data").toAbsolutePath());
    assertThat(config.devMode()).isFalse();
    assertThat(config.workers().count()).isEqualTo(1);
    assertThat(config.limits().dailyVideos()).isEqualTo(25);
    assertThat(config.limits().dailyBytes()).isEqualTo(10_000_000_000L);
    // did:web keeps the port, percent-encoded, as the method requires.
    assertThat(config.identity().serviceDid()).isEqualTo("did:web:localhost%3A2590");
    assertThat(config.identity().plcUrl()).isEqualTo("https://plc.directory");
    assertThat(config.media().ffmpeg()).isNull();
    assertThat(config.http().idleTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.http().uploads())
        .isEqualTo(new UploadBodyLimits(32 * 1024, Duration.ofSeconds(30), 8, 32));
  }

  @Test
  void readsEverySetting() {
    Config config =
        Config.fromEnvironment(
            Map.of(
                "STRATUS_PORT", "8080",
                "STRATUS_DEV", "true",
                "STRATUS_WORKERS", "3",
                "STRATUS_JOB_LEASE_SECONDS", "60",
                "STRATUS_PUBLIC_URL", "https://video.example.com",
                "STRATUS_EXTRA_AUDIENCES", "did:web:bsky.social, did:web:entryway.example",
                "STRATUS_DAILY_BYTES", "1_000"));
    assertThat(config.http().port()).isEqualTo(8080);
    assertThat(config.devMode()).isTrue();
    assertThat(config.workers().count()).isEqualTo(3);
    assertThat(config.workers().lease()).isEqualTo(Duration.ofSeconds(60));
    assertThat(config.identity().serviceDid()).isEqualTo("did:web:video.example.com");
    assertThat(config.identity().extraAudiences()).containsExactlyInAnyOrder("did:web:bsky.social", "did:web:entryway.example");
    assertThat(config.limits().dailyBytes()).isEqualTo(1000);
  }

  @Test
  void followingTheNetworkIsOffUntilOneSettingTurnsItOn() {
    Config.Network off = Config.fromEnvironment(Map.of()).network();
    assertThat(off.firehose()).isNull();
    assertThat(off.onDemand()).isFalse();
    assertThat(off.viewerWorkers()).isZero();
    assertThat(off.fetchAllowedHosts()).isEmpty();

    Config.Network on = Config.fromEnvironment(Map.of(
        "STRATUS_FIREHOSE_URL", "wss://relay.example",
        "STRATUS_FIREHOSE_PDS_HOSTS", "pds.one.example, pds.two.example",
        "STRATUS_REMOVED_MEDIA_GRACE_HOURS", "1")).network();
    assertThat(on.firehose()).hasToString("wss://relay.example");
    assertThat(on.pdsHosts()).containsExactlyInAnyOrder("pds.one.example", "pds.two.example");
    assertThat(on.onDemand()).isTrue();
    assertThat(on.viewerWorkers()).isEqualTo(1);
    assertThat(on.removalGrace()).isEqualTo(Duration.ofHours(1));

    assertThatThrownBy(() -> Config.fromEnvironment(Map.of("STRATUS_FIREHOSE_URL", "ftp://relay.example")))
        .hasMessageContaining("STRATUS_FIREHOSE_URL=ftp://relay.example");
  }

  @Test
  void reportsEveryProblemAtOnce() {
    assertThatThrownBy(
            () ->
                Config.fromEnvironment(
                    Map.of(
                        "STRATUS_PORT", "http",
                        "STRATUS_WORKERS", "-1",
                        "STRATUS_DEV", "maybe",
                        "STRATUS_FFMPEG", "/usr/bin/ffmpeg")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("STRATUS_PORT=http")
        .hasMessageContaining("STRATUS_WORKERS=-1")
        .hasMessageContaining("STRATUS_DEV=maybe")
        .hasMessageContaining("STRATUS_FFPROBE");
  }
}
