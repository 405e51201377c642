package dev.stratus.server.pds;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import org.junit.jupiter.api.Test;

class NetworkFailureTest {
  @Test
  void failuresAreToldInWordsEvenWhenWrapped() {
    assertThat(NetworkFailure.describe(new IOException(new ConnectException()))).isEqualTo("it refused the connection");
    assertThat(NetworkFailure.describe(new ConnectException())).isEqualTo("it refused the connection");
    assertThat(NetworkFailure.describe(new HttpConnectTimeoutException("x"))).isEqualTo("the connection timed out");
    assertThat(NetworkFailure.describe(new HttpTimeoutException("request timed out"))).isEqualTo("it did not answer in time");
    assertThat(NetworkFailure.describe(new UnknownHostException("pds.example"))).isEqualTo("its host name could not be resolved");
    assertThat(NetworkFailure.describe(new IOException())).isEqualTo("the connection failed");
  }

  @Test
  void noJavaNamesReachTheMessage() {
    assertThat(NetworkFailure.describe(new IOException(new IllegalStateException("java.lang.Foo"))))
        .doesNotContain("java").doesNotContain("Exception");
  }
}
