package dev.stratus.testkit.media;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The attacker's server for {@link HostileInputs#hlsPlaylist}: a loopback TCP listener that counts
 * every connection and hangs up at once, so a reader that dials it fails fast instead of waiting.
 */
public final class CountingListener implements AutoCloseable {
  private static final int PROBE_TIMEOUT_MILLIS = 30_000;

  private final ServerSocket socket;
  private final AtomicInteger accepted = new AtomicInteger();
  private int own;

  public CountingListener() throws IOException {
    socket = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
    Thread.ofPlatform().daemon().name("counting-listener-" + socket.getLocalPort()).start(this::acceptAll);
  }

  /** {@code http://127.0.0.1:<port><path>}. */
  public URI uri(String path) {
    return URI.create("http://127.0.0.1:" + socket.getLocalPort() + path);
  }

  /**
   * Connections made by anyone but this method. It dials in once itself and waits until the
   * listener has counted and closed that connection; connections are accepted in arrival order,
   * so every earlier one has been counted too, without sleeping on a guess.
   */
  public int connectionsFromOthers() throws IOException {
    try (Socket probe = new Socket(socket.getInetAddress(), socket.getLocalPort())) {
      probe.setSoTimeout(PROBE_TIMEOUT_MILLIS);
      try (InputStream in = probe.getInputStream()) {
        in.read(); // -1 once the listener hangs up
      } catch (SocketTimeoutException e) {
        throw new IOException("the listener did not hang up on its own probe: is it still running?", e);
      } catch (IOException e) {
        // a reset is as good as an orderly close
      }
    }
    own++;
    return accepted.get() - own;
  }

  private void acceptAll() {
    while (!socket.isClosed()) {
      try (Socket connection = socket.accept()) {
        accepted.incrementAndGet();
      } catch (IOException e) {
        // closed by close(), or one failed connection: the loop condition decides
      }
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
