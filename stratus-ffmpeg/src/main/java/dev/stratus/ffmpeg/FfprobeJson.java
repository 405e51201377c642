package dev.stratus.ffmpeg;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stratus.core.media.MediaException;
import dev.stratus.core.media.MediaInfo;
import dev.stratus.lexicon.FailureCode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The ffprobe command that describes an input, and the reading of its JSON into MediaInfo. */
final class FfprobeJson {
  static final String INVALID_VIDEO = "invalid_video";
  private static final String NOT_A_VIDEO = "The file is not a video we can read";
  private static final ObjectMapper JSON = new ObjectMapper();

  private FfprobeJson() {}

  /** ffprobe's argv: JSON of the container and every stream, within {@link InputWhitelist}. */
  static List<String> command(Path ffprobe, Path input) {
    List<String> argv = new ArrayList<>(List.of(ffprobe.toString(), "-v", "error"));
    argv.addAll(InputWhitelist.options());
    argv.addAll(List.of("-print_format", "json", "-show_format", "-show_streams"));
    argv.add(input.toAbsolutePath().toString());
    return List.copyOf(argv);
  }

  /** The failure for input ffprobe could not describe or that is not a usable video. */
  static MediaException invalid(String why) {
    return new MediaException(
        FailureCode.VALIDATION_FAILURE, INVALID_VIDEO, NOT_A_VIDEO + ": " + why);
  }

  /** Reads ffprobe's JSON; fails with {@code invalid_video} unless it describes a video. */
  static MediaInfo parse(String json) throws MediaException {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw invalid("ffprobe's report is unreadable");
    }
    JsonNode video = firstStream(root, "video");
    if (video == null) {
      throw invalid("it has no video stream");
    }
    int codedWidth = video.path("width").asInt(0);
    int codedHeight = video.path("height").asInt(0);
    if (codedWidth <= 0 || codedHeight <= 0) {
      throw invalid("its picture size is unknown");
    }
    double duration = number(root.path("format").path("duration"));
    if (!(duration > 0)) {
      duration = number(video.path("duration"));
    }
    if (!(duration > 0) || Double.isInfinite(duration)) {
      throw invalid("its duration is unknown");
    }

    int rotation = rotation(video);
    double sar = ratio(video.path("sample_aspect_ratio").asText(""), ':');
    int width = codedWidth;
    int height = codedHeight;
    // Non-square pixels: the display width is the coded width stretched by the pixel's aspect.
    if (sar > 0 && sar != 1) {
      width = (int) Math.max(1, Math.round(codedWidth * sar));
    }
    if (rotation == 90 || rotation == 270) {
      int swap = width;
      width = height;
      height = swap;
    }

    double frameRate = ratio(video.path("avg_frame_rate").asText(""), '/');
    if (!(frameRate > 0)) {
      frameRate = Math.max(0, ratio(video.path("r_frame_rate").asText(""), '/'));
    }
    long frames = (long) number(video.path("nb_frames"));
    long frameCount = frames > 0 ? frames : Math.round(duration * frameRate);

    JsonNode audio = firstStream(root, "audio");
    return new MediaInfo(
        root.path("format").path("format_name").asText("unknown"),
        video.path("codec_name").asText("unknown"),
        width,
        height,
        duration,
        frameRate,
        frameCount,
        rotation,
        audio == null ? null : audio.path("codec_name").asText("unknown"),
        audio == null ? 0 : audio.path("channels").asInt(0),
        video.hasNonNull("pix_fmt") ? video.get("pix_fmt").asText() : null,
        video.hasNonNull("profile") ? video.get("profile").asText() : null);
  }

  /**
   * Degrees clockwise the picture must turn. The display matrix's {@code rotation} is
   * counter-clockwise (a phone held upright reports -90); the legacy {@code rotate} tag is
   * clockwise (the same phone wrote 90).
   */
  private static int rotation(JsonNode video) {
    for (JsonNode sideData : video.path("side_data_list")) {
      JsonNode rotation = sideData.get("rotation");
      if (rotation != null && rotation.isNumber()) {
        return quarterTurns(-rotation.asDouble());
      }
    }
    double rotate = number(video.path("tags").path("rotate"));
    return Double.isNaN(rotate) ? 0 : quarterTurns(rotate);
  }

  private static int quarterTurns(double degrees) {
    return (int) Math.floorMod(Math.round(degrees / 90) * 90, 360L);
  }

  private static @Nullable JsonNode firstStream(JsonNode root, String type) {
    for (JsonNode stream : root.path("streams")) {
      // Cover art in an audio file is a "video" stream of one picture: not a video.
      boolean coverArt = stream.path("disposition").path("attached_pic").asInt(0) == 1;
      if (type.equals(stream.path("codec_type").asText()) && !coverArt) {
        return stream;
      }
    }
    return null;
  }

  /** ffprobe writes most numbers as strings, and "N/A" when it has none: that reads as NaN. */
  private static double number(JsonNode node) {
    if (node.isNumber()) {
      return node.asDouble();
    }
    try {
      return Double.parseDouble(node.asText(""));
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  /** "30000/1001" or "4:3" as a number; 0 for "0/0", missing or malformed values. */
  private static double ratio(String text, char separator) {
    int at = text.indexOf(separator);
    if (at <= 0) {
      return 0;
    }
    try {
      double numerator = Double.parseDouble(text.substring(0, at));
      double denominator = Double.parseDouble(text.substring(at + 1));
      return numerator > 0 && denominator > 0 ? numerator / denominator : 0;
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
