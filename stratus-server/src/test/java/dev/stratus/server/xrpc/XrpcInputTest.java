package dev.stratus.server.xrpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Query parameters read as a browser or an SDK would encode them. */
@Timeout(10)
class XrpcInputTest {
  @Test
  void findsTheParameterAmongOthers() {
    assertThat(XrpcInput.query("jobId=abc", "jobId")).isEqualTo("abc");
    assertThat(XrpcInput.query("did=did:plc:x&jobId=abc&x=1", "jobId")).isEqualTo("abc");
    assertThat(XrpcInput.query("jobIds=no&jobId=yes", "jobId")).isEqualTo("yes");
    assertThat(XrpcInput.query("xjobId=no", "jobId")).isNull();
  }

  @Test
  void theFirstOfRepeatedParametersWins() {
    assertThat(XrpcInput.query("jobId=first&jobId=second", "jobId")).isEqualTo("first");
  }

  @Test
  void absentEmptyAndValuelessParameters() {
    assertThat(XrpcInput.query((String) null, "jobId")).isNull();
    assertThat(XrpcInput.query("", "jobId")).isNull();
    assertThat(XrpcInput.query("jobId=", "jobId")).isEmpty();
    assertThat(XrpcInput.query("jobId", "jobId")).isEmpty();
    assertThat(XrpcInput.query("a=1&&jobId&b=2", "jobId")).isEmpty();
    assertThat(XrpcInput.query("=x&jobId=y", "jobId")).isEqualTo("y");
  }

  @Test
  void namesAndValuesArePercentDecoded() {
    assertThat(XrpcInput.query("did=did%3Aplc%3Aabc", "did")).isEqualTo("did:plc:abc");
    assertThat(XrpcInput.query("job%49d=abc", "jobId")).isEqualTo("abc");
    assertThat(XrpcInput.query("m=a+b%20c%C3%A9", "m")).isEqualTo("a b cé");
    assertThat(XrpcInput.query("m=a=b", "m")).isEqualTo("a=b");
  }

  @Test
  void aLongQueryOfValuelessParametersIsReadInOnePass() {
    String query = "a&".repeat(200_000) + "jobId=last";
    assertThat(XrpcInput.query(query, "jobId")).isEqualTo("last");
    assertThat(XrpcInput.query(query, "absent")).isNull();
  }

  @Test
  void malformedEscapesAreTheClientsError() {
    assertThatThrownBy(() -> XrpcInput.query("jobId=%zz", "jobId"))
        .isInstanceOfSatisfying(XrpcException.class, e -> {
          assertThat(e.status()).isEqualTo(400);
          assertThat(e.error()).isEqualTo("InvalidRequest");
          assertThat(e.getMessage()).startsWith("malformed query string");
        });
    assertThatThrownBy(() -> XrpcInput.query("jobId=%4", "jobId")).isInstanceOf(XrpcException.class);
  }
}
