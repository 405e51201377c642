package dev.stratus.ffmpeg;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PublicTextTest {
  @Test
  void ffmpegsInternalsAreCutAndTheReasonStays() {
    assertThat(PublicText.scrub("[out#2/image2 @ 0x55d1c0a3b2c0] Output file is empty, nothing was encoded"))
        .isEqualTo("Output file is empty, nothing was encoded");
    assertThat(PublicText.scrub("[vist#0:0/h264 @ 0x7f00aa] Error submitting packet to decoder: Invalid data"))
        .isEqualTo("Error submitting packet to decoder: Invalid data");
    assertThat(PublicText.scrub("Error opening output /srv/stratus/work/dc8/out/360p/video0.ts: No space left"))
        .isEqualTo("Error opening output: No space left");
    assertThat(PublicText.scrub("out#0:1 stream error at 0xdeadbeef")).isEqualTo("stream error at");
    assertThat(PublicText.scrub("input: Invalid data found when processing input"))
        .isEqualTo("input: Invalid data found when processing input");
  }
}
