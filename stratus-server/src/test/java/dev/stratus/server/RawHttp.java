package dev.stratus.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * HTTP/1.1 spoken by hand over a socket, for what a well-behaved client library refuses to send:
 * malformed requests, bodies that trickle, stall or break off.
 */
final class RawHttp {
  private RawHttp() {}

  /** What came back: the status (0 when the connection closed without an answer) and the body. */
  record Answer(int status, String head, String body) {
    String header(String name) {
      for (String line : head.split("\r\n")) {
        int colon = line.indexOf(':');
        if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
          return line.substring(colon + 1).trim();
        }
      }
      return null;
    }
  }

  static Socket connect(int port, Duration readTimeout) throws IOException {
    Socket socket = new Socket();
    socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
    socket.setSoTimeout((int) readTimeout.toMillis());
    return socket;
  }

  /** Sends {@code request} whole and reads the answer until the server closes or goes quiet. */
  static Answer exchange(int port, String request, Duration readTimeout) throws IOException {
    try (Socket socket = connect(port, readTimeout)) {
      socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      socket.getOutputStream().flush();
      return read(socket);
    }
  }

  /** An upload's request line and headers, with a body of {@code length} bytes still to come. */
  static String uploadHead(String pathAndQuery, String token, long length) {
    return "POST " + pathAndQuery + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token
        + "\r\nContent-Type: video/mp4\r\nContent-Length: " + length + "\r\n\r\n";
  }

  /** Reads one answer: up to its Content-Length, or until the server closes or goes quiet. */
  static Answer read(Socket socket) throws IOException {
    InputStream in = socket.getInputStream();
    ByteArrayOutputStream received = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    try {
      int n;
      while ((n = in.read(buffer)) > 0) {
        received.write(buffer, 0, n);
        if (complete(received.toString(StandardCharsets.ISO_8859_1))) {
          break;
        }
      }
    } catch (SocketTimeoutException | SocketException e) {
      // Whatever arrived before the quiet or the reset is the answer.
    }
    return parse(received.toString(StandardCharsets.UTF_8));
  }

  private static boolean complete(String text) {
    int end = text.indexOf("\r\n\r\n");
    if (end < 0) {
      return false;
    }
    Answer head = parse(text);
    String length = head.header("Content-Length");
    return length != null && text.length() - end - 4 >= Integer.parseInt(length);
  }

  private static Answer parse(String text) {
    int end = text.indexOf("\r\n\r\n");
    if (!text.startsWith("HTTP/1.1 ") || end < 0) {
      return new Answer(0, text, "");
    }
    int status = Integer.parseInt(text.substring(9, 12));
    return new Answer(status, text.substring(0, end), text.substring(end + 4));
  }
}
