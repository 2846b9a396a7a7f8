package com.upgradectl.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The outside programs a race runs: found on the PATH, installed from the distribution when missing and allowed. */
final class Tools {
  private Tools() {}

  /** The program on the PATH, or null. */
  static Path find(String program) {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(":")) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, program);
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  /**
   * The program, installed with apt-get from {@code debianPackage} when missing and this process may
   * (root, apt-get present); null, with the reason printed, when it cannot be had.
   */
  static Path findOrInstall(String program, String debianPackage) throws IOException, InterruptedException {
    Path found = find(program);
    if (found != null) {
      return found;
    }
    if (!"root".equals(System.getProperty("user.name")) || find("apt-get") == null) {
      System.out.printf("%s is not installed and cannot be installed from here (apt-get install %s as root)%n",
          program, debianPackage);
      return null;
    }
    System.out.printf("%s is not installed: apt-get install %s%n", program, debianPackage);
    try {
      run(List.of("apt-get", "install", "-y", "-qq", debianPackage), Map.of("DEBIAN_FRONTEND", "noninteractive"));
    } catch (IllegalStateException e) {
      System.out.println("installing " + debianPackage + " failed: " + e.getMessage());
      return null;
    }
    return find(program);
  }

  /** Runs the command to its end; its output is kept and shown only when it fails. */
  static String run(List<String> command, Map<String, String> environment) throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    if (environment != null) {
      builder.environment().putAll(environment);
    }
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int exit = process.waitFor();
    if (exit != 0) {
      String tail = output.length() > 4000 ? output.substring(output.length() - 4000) : output;
      throw new IllegalStateException(String.join(" ", command) + " exited with " + exit + ":\n" + tail);
    }
    return output;
  }
}
