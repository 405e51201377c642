package dev.stratus.server;

import java.time.Clock;

/**
 * Runs Stratus from its environment in a process of its own, so a test can kill it for real.
 * Prints {@code READY <port>} once it listens.
 */
public final class ServeInChildProcess {
  private ServeInChildProcess() {}

  public static void main(String[] args) throws InterruptedException {
    Services services = Services.start(Config.fromEnvironment(System.getenv()), Clock.systemUTC());
    System.out.println("READY " + services.port());
    System.out.flush();
    Thread.currentThread().join();
  }
}
