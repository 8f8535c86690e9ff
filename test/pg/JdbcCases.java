import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * Connects with pgjdbc once per input line and prints the outcome, one line per case:
 *
 *   input:  ID TAB HOME TAB JDBC-URL      (HOME: the user.home pgjdbc looks for .postgresql/root.crt in)
 *           version                        prints: version TAB pgjdbc-version TAB java-version
 *   output: ID TAB tls|plain              connected; whether the session uses TLS (pg_stat_ssl)
 *           ID TAB error TAB MESSAGE      the driver refused or failed (the causes joined on one line)
 *
 * Run: java -cp /usr/share/java/postgresql.jar test/pg/JdbcCases.java < cases
 * (or compiled with javac). The URLs carry the user; the fixture server uses trust authentication.
 */
public class JdbcCases {
  public static void main(String[] args) throws Exception {
    Class.forName("org.postgresql.Driver");
    DriverManager.setLoginTimeout(10);
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    while ((line = in.readLine()) != null) {
      if (line.isEmpty()) continue;
      if (line.equals("version")) {
        System.out.println("version\t" + org.postgresql.util.DriverInfo.DRIVER_VERSION + "\t" + System.getProperty("java.version"));
        continue;
      }
      String[] parts = line.split("\t", 3);
      if (parts.length != 3) {
        System.out.println("?\terror\tbad input line");
        continue;
      }
      System.setProperty("user.home", parts[1]);
      String outcome;
      try (Connection c = DriverManager.getConnection(parts[2]);
          Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("select ssl from pg_stat_ssl where pid = pg_backend_pid()")) {
        rs.next();
        outcome = rs.getBoolean(1) ? "tls" : "plain";
      } catch (Exception e) {
        outcome = "error\t" + describe(e);
      }
      System.out.println(parts[0] + "\t" + outcome);
      System.out.flush();
    }
  }

  /** The exception and its causes on one line, each message once. */
  static String describe(Throwable e) {
    StringBuilder sb = new StringBuilder();
    for (Throwable t = e; t != null && t != t.getCause(); t = t.getCause()) {
      String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
      m = m.replaceAll("[\\r\\n\\t]+", " ").trim();
      if (sb.indexOf(m) >= 0) continue;
      if (sb.length() > 0) sb.append(" <- ");
      sb.append(m);
    }
    return sb.toString();
  }
}
