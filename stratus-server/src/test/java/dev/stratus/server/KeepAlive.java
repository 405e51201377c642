package dev.stratus.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

/**
 * One kept-alive connection sending the same GET again and again. Every answer to it has the
 * same length (the Date header's included), learned from the first, so each is read into one
 * reused buffer without parsing.
 */
final class KeepAlive implements AutoCloseable {
  private final Socket socket;
  private final byte[] request;
  private final OutputStream out;
  private final InputStream in;
  private byte[] answer = new byte[0];

  KeepAlive(int port, String path) throws IOException {
    socket = RawHttp.connect(port, Duration.ofSeconds(30));
    socket.setTcpNoDelay(true);
    request = ("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
    out = socket.getOutputStream();
    in = socket.getInputStream();
    out.write(request);
    RawHttp.Answer first = RawHttp.read(socket);
    if (first.status() != 200) {
      throw new IllegalStateException(path + " answered " + first.status());
    }
    answer = new byte[first.head().length() + 4 + first.body().getBytes(StandardCharsets.UTF_8).length];
  }

  void run(int times) throws IOException {
    for (int i = 0; i < times; i++) {
      out.write(request);
      int read = 0;
      while (read < answer.length) {
        int n = in.read(answer, read, answer.length - read);
        if (n < 0) {
          throw new IOException("the server closed the connection");
        }
        read += n;
      }
    }
    if (answer[9] != '2') {
      throw new IllegalStateException("not a 200: " + new String(Arrays.copyOf(answer, 40), StandardCharsets.ISO_8859_1));
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
