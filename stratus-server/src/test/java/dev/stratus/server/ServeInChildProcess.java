package dev.stratus.server;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.time.Clock;
import org.slf4j.LoggerFactory;

/**
 * Runs Stratus from its environment in a process of its own, so a test can kill it for real.
 * Prints {@code READY <port>} once it listens, then {@code JOB <line>} for each line of the jobs'
 * log (progress included), so a test can wait for a moment in a job's life by reading its output.
 */
public final class ServeInChildProcess {
  private ServeInChildProcess() {}

  public static void main(String[] args) throws InterruptedException {
    Logger jobs = (Logger) LoggerFactory.getLogger("stratus.jobs");
    jobs.setLevel(Level.DEBUG);
    AppenderBase<ILoggingEvent> toStdout = new AppenderBase<>() {
      @Override
      protected void append(ILoggingEvent event) {
        System.out.println("JOB " + event.getFormattedMessage());
        System.out.flush();
      }
    };
    toStdout.setContext(jobs.getLoggerContext());
    toStdout.start();
    jobs.addAppender(toStdout);
    Services services = Services.start(Config.fromEnvironment(System.getenv()), Clock.systemUTC());
    System.out.println("READY " + services.port());
    System.out.flush();
    Thread.currentThread().join();
  }
}
