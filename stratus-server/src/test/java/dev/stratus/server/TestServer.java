package dev.stratus.server;

import dev.stratus.client.TokenProvider;
import dev.stratus.client.VideoClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/** A real Stratus on a random loopback port with its own data folder, for one test class. */
final class TestServer implements AutoCloseable {
  final Path dataDir;
  final Services services;
  final VideoClient client;

  private TestServer(Path dataDir, Services services) {
    this.dataDir = dataDir;
    this.services = services;
    this.client = VideoClient.builder().serviceUrl(baseUrl(services)).build();
  }

  static TestServer start(Path dataDir, Map<String, String> extraEnv) {
    return start(dataDir, extraEnv, Clock.systemUTC());
  }

  /** Development mode unless {@code extraEnv} sets {@code STRATUS_DEV=0}. */
  static TestServer start(Path dataDir, Map<String, String> extraEnv, Clock clock) {
    Map<String, String> env = new HashMap<>();
    env.put("STRATUS_HOST", "127.0.0.1");
    env.put("STRATUS_PORT", "0");
    env.put("STRATUS_DATA_DIR", dataDir.toString());
    env.put("STRATUS_DEV", "1");
    env.putAll(extraEnv);
    return new TestServer(dataDir, Services.start(Config.fromEnvironment(env), clock));
  }

  /** A client that sends {@code token} with every call that needs one. */
  VideoClient client(String token) {
    return VideoClient.builder().serviceUrl(baseUrl()).tokens(TokenProvider.fixed(token)).build();
  }

  String baseUrl() {
    return baseUrl(services);
  }

  private static String baseUrl(Services services) {
    return "http://127.0.0.1:" + services.port();
  }

  void drain() throws InterruptedException {
    services.workers().drain(Duration.ofMinutes(5));
  }

  /** A development-mode token: a JWT whose claims are read but whose signature is not checked. */
  static String devToken(String did, String lxm) {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String header = b64.encodeToString("{\"alg\":\"ES256K\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
    String claims =
        "{\"iss\":\"" + did + "\",\"aud\":\"did:web:pds.example\",\"lxm\":\"" + lxm + "\",\"exp\":"
            + (System.currentTimeMillis() / 1000 + 1800) + "}";
    return header + "." + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + ".c2ln";
  }

  @Override
  public void close() {
    services.close();
  }
}
