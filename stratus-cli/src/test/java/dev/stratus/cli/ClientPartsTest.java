package dev.stratus.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratus.client.XrpcException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.nio.file.Path;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/** The client commands' small parts: the service's DID, failure kinds, plain progress lines. */
class ClientPartsTest {
  @Test
  void theServiceDidComesFromItsHostAndPortUnlessGiven() {
    ServiceOptions service = new ServiceOptions();
    service.url = "https://video.bsky.app";
    assertThat(service.serviceDid()).isEqualTo("did:web:video.bsky.app");
    service.url = "http://localhost:2590";
    assertThat(service.serviceDid()).isEqualTo("did:web:localhost%3A2590");
    service.did = "did:web:video.example";
    assertThat(service.serviceDid()).isEqualTo("did:web:video.example");
  }

  @Test
  void eachFailureHasItsKind() {
    assertThat(kind(new XrpcException(401, "AuthenticationRequired", "Invalid identifier or password"))).isEqualTo(ExitCode.AUTH);
    assertThat(kind(new XrpcException(400, "ExpiredToken", "Token has expired"))).isEqualTo(ExitCode.AUTH);
    assertThat(kind(new XrpcException(429, "DailyLimitExceeded", "limit"))).isEqualTo(ExitCode.LIMITS);
    assertThat(kind(new XrpcException(503, "UploadsDisabled", "off"))).isEqualTo(ExitCode.LIMITS);
    assertThat(kind(new XrpcException(413, "PayloadTooLarge", "big"))).isEqualTo(ExitCode.REJECTED);
    assertThat(kind(new XrpcException(400, "InvalidMimeType", "type"))).isEqualTo(ExitCode.REJECTED);
    assertThat(kind(new XrpcException(502, null, "Bad Gateway"))).isEqualTo(ExitCode.UNREACHABLE);
    assertThat(kind(new UncheckedIOException("cannot reach", new ConnectException()))).isEqualTo(ExitCode.UNREACHABLE);
    assertThat(kind(new TimeoutException("job x did not finish"))).isEqualTo(ExitCode.TIMEOUT);
    assertThat(kind(new IllegalArgumentException("text too long"))).isEqualTo(ExitCode.USAGE);
    assertThat(kind(new NullPointerException())).isEqualTo(ExitCode.UNEXPECTED);
  }

  private static ExitCode kind(Exception e) {
    return FailureReport.classify(e).exit();
  }

  @Test
  void plainProgressIsOneLinePerTenthOrNewLabel() {
    StringWriter text = new StringWriter();
    Progress lines = Progress.lines(new PrintWriter(text), "uploading");
    for (long sent = 0; sent <= 1000; sent += 7) {
      lines.update(sent, 1000, "");
    }
    lines.update(1000, 1000, "");
    lines.update(1000, 1000, "done");
    assertThat(text.toString().lines()).containsExactly("uploading: 0%", "uploading: 10%", "uploading: 20%",
        "uploading: 30%", "uploading: 40%", "uploading: 50%", "uploading: 60%", "uploading: 70%", "uploading: 80%",
        "uploading: 90%", "uploading: 100%", "uploading: 100% done");
  }

  @Test
  void theTypeComesFromTheExtensionOrMustBeGiven() {
    assertThat(VideoUpload.mimeType(Path.of("a.MP4"), null)).isEqualTo("video/mp4");
    assertThat(VideoUpload.mimeType(Path.of("a.mov"), null)).isEqualTo("video/quicktime");
    assertThat(VideoUpload.mimeType(Path.of("a.bin"), "video/webm")).isEqualTo("video/webm");
    assertThatThrownBy(() -> VideoUpload.mimeType(Path.of("a.bin"), null)).hasMessageContaining("give --mime");
  }
}
