package dev.stratus.jdbc;

import java.nio.file.Path;
import java.time.Clock;

/**
 * Another process for {@link SqliteJobStoreTest}: opens the store on the file named by its
 * argument, says so on its output, and keeps it open until its input ends.
 */
final class HoldTheFile {
  private HoldTheFile() {}

  public static void main(String[] args) throws Exception {
    try (JdbcJobStore store = JdbcJobStore.sqlite(Path.of(args[0]), Clock.systemUTC())) {
      System.out.println("holding");
      System.out.flush();
      while (System.in.read() >= 0) {
        // Holds the file until the test closes this process's input.
      }
    }
  }
}
