package dev.stratus.server.xrpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stratus.lexicon.LexJson;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Errors that never reach an XRPC handler (a handler that blows up, a status the container picks). */
class ContainerErrorsTest {
  private Server server;

  @BeforeEach
  void start() throws Exception {
    server = new Server(0);
    server.setErrorHandler(new ContainerErrors());
    server.setHandler(new Handler.Abstract() {
      @Override
      public boolean handle(Request request, Response response, Callback callback) {
        switch (Request.getPathInContext(request)) {
          case "/too-large" -> Response.writeError(request, response, callback, 413);
          case "/timeout" -> Response.writeError(request, response, callback, 408);
          default -> throw new IllegalStateException("secret internal detail /etc/passwd");
        }
        return true;
      }
    });
    server.start();
  }

  @AfterEach
  void stop() throws Exception {
    server.stop();
  }

  private HttpResponse<String> get(String path, String accept) throws Exception {
    int port = ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).header("Accept", accept).build();
    return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void everyStatusIsAnsweredAsJsonWhateverTheClientAccepts() throws Exception {
    String[][] cases = {{"/too-large", "413", "PayloadTooLarge"}, {"/timeout", "408", "RequestTimeout"},
        {"/boom", "500", "InternalServerError"}};
    for (String[] c : cases) {
      for (String accept : new String[] {"text/html", "*/*", "image/png"}) {
        HttpResponse<String> response = get(c[0], accept);
        assertThat(response.statusCode()).as(c[0]).isEqualTo(Integer.parseInt(c[1]));
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        JsonNode body = LexJson.read(response.body(), JsonNode.class);
        assertThat(body.path("error").asText()).isEqualTo(c[2]);
        assertThat(body.path("message").asText()).isNotBlank().doesNotContain("secret").doesNotContain("Exception");
      }
    }
  }

  @Test
  void statusesWithoutAnAtprotoNameAreNamedByTheirWords() {
    assertThat(ContainerErrors.errorName(414)).isEqualTo("URITooLong");
    assertThat(ContainerErrors.errorName(431)).isEqualTo("RequestHeaderFieldsTooLarge");
    assertThat(ContainerErrors.errorName(400)).isEqualTo("InvalidRequest");
  }
}
