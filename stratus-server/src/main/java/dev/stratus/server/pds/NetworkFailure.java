package dev.stratus.server.pds;

import java.io.EOFException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import javax.net.ssl.SSLException;

/**
 * Says in words why a request to a PDS failed, for the job's public message: never a Java class
 * name, never a stack trace. The exception itself goes to the log.
 */
final class NetworkFailure {
  private NetworkFailure() {}

  static String describe(Exception e) {
    // The JDK client wraps the telling failure, e.g. a ConnectException inside an IOException.
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      String words = words(cause);
      if (words != null) {
        return words;
      }
    }
    return "the connection failed";
  }

  private static String words(Throwable cause) {
    return switch (cause) {
      case HttpConnectTimeoutException t -> "the connection timed out";
      case HttpTimeoutException t -> "it did not answer in time";
      case ConnectException c -> "it refused the connection";
      case UnknownHostException u -> "its host name could not be resolved";
      case NoRouteToHostException n -> "it could not be reached";
      case SSLException s -> "the secure connection failed";
      case EOFException eof -> "it closed the connection";
      default -> null;
    };
  }
}
