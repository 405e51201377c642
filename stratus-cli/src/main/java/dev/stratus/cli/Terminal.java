package dev.stratus.cli;

import java.io.Console;

/** Whether the command talks to a person at a terminal (bars) or to a file or pipe (plain lines). */
final class Terminal {
  private Terminal() {}

  static boolean attached() {
    Console console = System.console();
    if (console == null) {
      return false;
    }
    // From Java 22 a Console exists even when redirected; isTerminal() tells the two apart.
    try {
      return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
    } catch (ReflectiveOperationException e) {
      return true;
    }
  }
}
