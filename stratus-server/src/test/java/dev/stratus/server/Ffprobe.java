package dev.stratus.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stratus.ffmpeg.FfmpegBinaries;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real ffprobe on a file or URL, the way a player would open it, and returns its JSON. */
final class Ffprobe {
  private final FfmpegBinaries binaries;

  Ffprobe(FfmpegBinaries binaries) {
    this.binaries = binaries;
  }

  JsonNode probe(String input) throws IOException, InterruptedException {
    List<String> argv = new ArrayList<>(List.of(binaries.ffprobe().toString(), "-v", "error"));
    argv.addAll(List.of("-print_format", "json", "-show_format", "-show_streams", input));
    ProcessBuilder builder = new ProcessBuilder(argv).redirectErrorStream(false);
    builder.environment().putAll(binaries.env());
    Process process = builder.start();
    process.getOutputStream().close();
    byte[] out = process.getInputStream().readAllBytes();
    String err = new String(process.getErrorStream().readAllBytes());
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IOException("ffprobe " + input + " failed: " + err);
    }
    return new ObjectMapper().readTree(out);
  }

  static List<JsonNode> streams(JsonNode probe, String type) {
    List<JsonNode> found = new ArrayList<>();
    probe.path("streams").forEach(s -> {
      if (type.equals(s.path("codec_type").asText())) {
        found.add(s);
      }
    });
    return found;
  }
}
