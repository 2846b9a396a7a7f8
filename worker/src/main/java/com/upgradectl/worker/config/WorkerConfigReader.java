package com.upgradectl.worker.config;

import com.upgradectl.workflows.common.ProfileNames;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.upgradectl.activities.connect.ConnectionProfile;
import com.upgradectl.activities.connect.JdbcUrls;
import com.upgradectl.activities.copy.CopySettings;
import com.upgradectl.workflows.TaskQueues;
import com.upgradectl.worker.codec.EncryptionKeys;
import com.upgradectl.worker.codec.EncryptionSettings;
import com.upgradectl.worker.connect.TemporalSecurity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads worker.yaml (see worker/worker.example.yaml) and checks all of it before anything starts:
 * every missing, unknown or impossible value is reported at once, each naming its property.
 * Passwords come from an environment variable or a file, never from the file itself.
 */
public final class WorkerConfigReader {
  /** A directory on the database server: a Unix path, a Windows drive path or a UNC share. */
  private static final Pattern ABSOLUTE_SERVER_PATH = Pattern.compile("/.*|[A-Za-z]:[\\\\/].*|\\\\\\\\[^\\\\]+\\\\.+");
  private static final List<String> PLATFORMS = List.of("postgresql", "sqlserver");
  private static final Pattern HOST_PORT = Pattern.compile("[A-Za-z0-9.\\-\\[\\]:]+:(\\d{1,5})");
  private static final Pattern SECRET_IN_URL = Pattern.compile("(?i)(password|pwd)=");

  private final Function<String, String> environment;

  /** @param environment looks up environment variables (System::getenv in production) */
  public WorkerConfigReader(Function<String, String> environment) {
    this.environment = environment;
  }

  public WorkerConfig read(Path file) throws InvalidConfigurationException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new InvalidConfigurationException(file.toString(), List.of("cannot read the file: " + e));
    }
    Path base = file.toAbsolutePath().getParent();
    return read(file.toString(), text, base);
  }

  /** @param passwordFileBase the directory relative passwordFile paths are resolved against */
  public WorkerConfig read(String source, String yaml, Path passwordFileBase) throws InvalidConfigurationException {
    JsonNode root;
    try {
      root = new ObjectMapper(new YAMLFactory()).readTree(yaml);
    } catch (JsonProcessingException e) {
      String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr();
      throw new InvalidConfigurationException(source, List.of("not valid YAML" + where + ": " + e.getOriginalMessage()));
    }
    Problems problems = new Problems();
    if (root == null || !root.isObject()) {
      throw new InvalidConfigurationException(source, List.of("the file is empty or not a mapping of settings"));
    }
    problems.unknownKeys("", root, Set.of("temporal", "metrics", "shutdownTimeoutSeconds", "copy", "profiles",
        "encryption"));

    JsonNode temporal = section(root, "temporal", problems);
    problems.unknownKeys("temporal.", temporal, Set.of("target", "namespace", "taskQueue", "tls", "apiKeyEnv", "apiKeyFile",
        "deployment"));
    String target = problems.requiredText(temporal, "temporal.", "target");
    if (target != null) {
      var m = HOST_PORT.matcher(target);
      if (!m.matches() || Integer.parseInt(m.group(1)) < 1 || Integer.parseInt(m.group(1)) > 65535) {
        problems.add("temporal.target: '" + target + "' is not host:port (e.g. temporal.example.internal:7233)");
      }
    }
    String namespace = problems.optionalText(temporal, "temporal.", "namespace", "default");
    String taskQueue = problems.optionalText(temporal, "temporal.", "taskQueue", TaskQueues.UPGRADES);
    TemporalSecurity security = readSecurity(temporal, passwordFileBase, problems);
    WorkerDeployment deployment = readDeployment(temporal, problems);

    JsonNode metrics = section(root, "metrics", problems);
    problems.unknownKeys("metrics.", metrics, Set.of("port"));
    int metricsPort = problems.intInRange(metrics, "metrics.", "port", WorkerConfig.DEFAULT_METRICS_PORT, 0, 65535);
    int shutdownSeconds = problems.intInRange(
        root, "", "shutdownTimeoutSeconds", WorkerConfig.DEFAULT_SHUTDOWN_TIMEOUT_SECONDS, 0, 3600);
    JsonNode copy = section(root, "copy", problems);
    problems.unknownKeys("copy.", copy, Set.of("chunkRows", "snapshotIsolationConsent"));
    int chunkRows = problems.intInRange(copy, "copy.", "chunkRows", CopySettings.DEFAULT_CHUNK_ROWS, 1, 10_000_000);
    boolean snapshotIsolationConsent = problems.optionalBoolean(copy, "copy.", "snapshotIsolationConsent", false);

    Map<String, ConnectionProfile> profiles = readProfiles(root.get("profiles"), passwordFileBase, problems);
    EncryptionSettings encryption = readEncryption(root, passwordFileBase, problems);

    if (!problems.isEmpty()) {
      throw new InvalidConfigurationException(source, problems.list);
    }
    return new WorkerConfig(new TemporalSettings(target, namespace, taskQueue, security, deployment), metricsPort, shutdownSeconds, profiles,
        new CopySettings(chunkRows, snapshotIsolationConsent), encryption);
  }

  /**
   * temporal.tls (enabled, caFile, clientCertFile, clientKeyFile, serverName) and the API key
   * (apiKeyEnv or apiKeyFile, which implies TLS). Files are read and parsed here, so that a
   * missing or bad one is reported with the rest of the configuration, before anything connects.
   */
  private TemporalSecurity readSecurity(JsonNode temporal, Path base, Problems problems) {
    JsonNode tls = temporal.get("tls");
    if (tls != null && !tls.isNull() && !tls.isObject()) {
      problems.add("temporal.tls: must be a mapping of settings (enabled, caFile, clientCertFile, clientKeyFile, serverName)");
      tls = null;
    }
    if (tls == null || tls.isNull()) {
      tls = com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }
    problems.unknownKeys("temporal.tls.", tls, Set.of("enabled", "caFile", "clientCertFile", "clientKeyFile", "serverName"));
    boolean enabled = problems.optionalBoolean(tls, "temporal.tls.", "enabled", tls.isObject());
    Path caFile = path(base, problems.optionalText(tls, "temporal.tls.", "caFile", null));
    Path certFile = path(base, problems.optionalText(tls, "temporal.tls.", "clientCertFile", null));
    Path keyFile = path(base, problems.optionalText(tls, "temporal.tls.", "clientKeyFile", null));
    String serverName = problems.optionalText(tls, "temporal.tls.", "serverName", null);
    String apiKey = resolveSecret(temporal, "temporal.", "apiKeyEnv", "apiKeyFile", base, problems);
    if (tls.isObject() && !enabled && (caFile != null || certFile != null || keyFile != null || serverName != null)) {
      problems.add("temporal.tls.enabled: false, yet TLS files or a server name are set; remove them or enable TLS");
    }
    if (apiKey != null && tls.isObject() && !enabled) {
      problems.add("temporal.tls.enabled: false, but an API key is only ever sent over TLS");
    }
    TemporalSecurity security = new TemporalSecurity(enabled, caFile, certFile, keyFile, serverName,
        apiKey == null || apiKey.isEmpty() ? null : apiKey);
    problems.list.addAll(security.problems(new TemporalSecurity.Names(
        "temporal.tls.caFile", "temporal.tls.clientCertFile", "temporal.tls.clientKeyFile")));
    return security;
  }

  /**
   * encryption: keyFile or keyEnv (entries keyId=base64key), keyId (default: the last entry),
   * codecEndpoint: {enabled, allowOrigins}. Absent: payloads are not encrypted.
   */
  private EncryptionSettings readEncryption(JsonNode root, Path base, Problems problems) {
    JsonNode node = root.get("encryption");
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isObject()) {
      problems.add("encryption: must be a mapping of settings (keyFile or keyEnv, keyId, codecEndpoint)");
      return null;
    }
    problems.unknownKeys("encryption.", node, Set.of("keyFile", "keyEnv", "keyId", "codecEndpoint"));
    String keyFile = problems.optionalText(node, "encryption.", "keyFile", null);
    String keyEnv = problems.optionalText(node, "encryption.", "keyEnv", null);
    String keyId = problems.optionalText(node, "encryption.", "keyId", null);
    String text = null;
    String source = null;
    if (keyFile != null && keyEnv != null) {
      problems.add("encryption.keyFile and encryption.keyEnv are both set; keep one");
    } else if (keyFile != null) {
      Path path = path(base, keyFile);
      source = path.toString();
      try {
        text = Files.readString(path, StandardCharsets.UTF_8);
      } catch (IOException e) {
        problems.add("encryption.keyFile: cannot read " + path + " (" + e.getClass().getSimpleName() + ")");
      }
    } else if (keyEnv != null) {
      source = "environment variable " + keyEnv;
      text = environment.apply(keyEnv);
      if (text == null || text.isBlank()) {
        problems.add("encryption.keyEnv: environment variable " + keyEnv + " is not set");
        text = null;
      }
    } else {
      problems.add("encryption: keyFile or keyEnv is required (entries keyId=base64key; openssl rand -base64 32)");
    }
    EncryptionKeys keys = null;
    if (text != null) {
      try {
        keys = EncryptionKeys.parse(source, text, keyId);
      } catch (EncryptionKeys.InvalidKeysException e) {
        e.problems().forEach(p -> problems.add("encryption: " + p));
      }
    }
    JsonNode codec = node.get("codecEndpoint");
    boolean codecEndpoint = false;
    Set<String> origins = new java.util.TreeSet<>();
    if (codec != null && !codec.isNull()) {
      if (!codec.isObject()) {
        problems.add("encryption.codecEndpoint: must be a mapping (enabled, allowOrigins)");
      } else {
        problems.unknownKeys("encryption.codecEndpoint.", codec, Set.of("enabled", "allowOrigins"));
        codecEndpoint = problems.optionalBoolean(codec, "encryption.codecEndpoint.", "enabled", true);
        JsonNode allow = codec.get("allowOrigins");
        if (allow != null && allow.isTextual()) {
          origins.add(allow.asText().strip());
        } else if (allow != null && allow.isArray()) {
          allow.forEach(o -> origins.add(o.asText().strip()));
        } else if (allow != null && !allow.isNull()) {
          problems.add("encryption.codecEndpoint.allowOrigins: must be an origin or a list of them");
        }
        for (String origin : origins) {
          if (!origin.equals("*") && !origin.matches("https?://[^/\\s]+")) {
            problems.add("encryption.codecEndpoint.allowOrigins: '" + origin + "' is not an origin (scheme://host[:port],"
                + " no path), e.g. https://temporal-ui.example.internal");
          }
        }
      }
    }
    return keys == null ? null : new EncryptionSettings(keys, source, codecEndpoint, origins);
  }

  private static Path path(Path base, String file) {
    return file == null ? null : base == null ? Path.of(file) : base.resolve(file);
  }

  /** A secret from an environment variable or a file (relative to the configuration); null when neither is set. */
  private String resolveSecret(JsonNode node, String prefix, String envKey, String fileKey, Path base, Problems problems) {
    String variable = problems.optionalText(node, prefix, envKey, null);
    String file = problems.optionalText(node, prefix, fileKey, null);
    if (variable != null && file != null) {
      problems.add(prefix + envKey + " and " + prefix + fileKey + " are both set; keep one");
      return null;
    }
    if (variable != null) {
      String value = environment.apply(variable);
      if (value == null || value.isBlank()) {
        problems.add(prefix + envKey + ": environment variable " + variable + " is not set");
        return null;
      }
      return value.strip();
    }
    if (file != null) {
      Path path = path(base, file);
      try {
        String value = Files.readString(path, StandardCharsets.UTF_8).strip();
        if (value.isEmpty()) {
          problems.add(prefix + fileKey + ": " + path + " is empty");
          return null;
        }
        return value;
      } catch (IOException e) {
        problems.add(prefix + fileKey + ": cannot read " + path + " (" + e.getClass().getSimpleName() + ")");
        return null;
      }
    }
    return null;
  }

  private Map<String, ConnectionProfile> readProfiles(JsonNode node, Path base, Problems problems) {
    Map<String, ConnectionProfile> profiles = new LinkedHashMap<>();
    if (node == null || node.isNull() || (node.isObject() && node.isEmpty())) {
      problems.add("profiles: at least one connection profile is required");
      return profiles;
    }
    if (!node.isObject()) {
      problems.add("profiles: must be a mapping of profile name to its settings");
      return profiles;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      String name = entry.getKey();
      String prefix = "profiles." + name + ".";
      JsonNode p = entry.getValue();
      if (!ProfileNames.isValid(name)) {
        problems.add("profiles." + name + ": a profile name " + ProfileNames.RULE);
      }
      if (p == null || !p.isObject()) {
        problems.add("profiles." + name + ": must be a mapping with platform, serverUrl, user and passwordEnv or passwordFile");
        continue;
      }
      if (p.has("password")) {
        problems.add(prefix + "password: inline passwords are not accepted; name an environment variable with"
            + " passwordEnv or a file with passwordFile");
      }
      problems.unknownKeys(prefix, p, Set.of("platform", "serverUrl", "user", "password", "passwordEnv", "passwordFile",
          "backupDirectory"));
      String platform = problems.requiredText(p, prefix, "platform");
      if (platform != null && !PLATFORMS.contains(platform)) {
        problems.add(prefix + "platform: '" + platform + "' is not supported; use one of " + String.join(", ", PLATFORMS));
      }
      String url = problems.requiredText(p, prefix, "serverUrl");
      if (url != null) {
        if (platform != null && PLATFORMS.contains(platform) && !url.startsWith("jdbc:" + platform + ":")) {
          problems.add(prefix + "serverUrl: '" + JdbcUrls.masked(url) + "' is not a jdbc:" + platform + ": URL");
        }
        if (SECRET_IN_URL.matcher(url).find()) {
          problems.add(prefix + "serverUrl: '" + JdbcUrls.masked(url) + "' carries a password; move it to passwordEnv or"
              + " passwordFile");
        }
      }
      String user = problems.requiredText(p, prefix, "user");
      String password = resolvePassword(p, prefix, base, problems);
      String backupDirectory = problems.optionalText(p, prefix, "backupDirectory", null);
      if (backupDirectory != null && !ABSOLUTE_SERVER_PATH.matcher(backupDirectory).matches()) {
        problems.add(prefix + "backupDirectory: '" + backupDirectory + "' is not an absolute path (as the database"
            + " server sees it: /var/opt/mssql/backup, D:\\Backup or \\\\host\\share)");
      }
      profiles.put(name, new ConnectionProfile(name, platform, url, user, password, backupDirectory));
    }
    return profiles;
  }

  private String resolvePassword(JsonNode p, String prefix, Path base, Problems problems) {
    String variable = problems.optionalText(p, prefix, "passwordEnv", null);
    String file = problems.optionalText(p, prefix, "passwordFile", null);
    if (variable != null && file != null) {
      problems.add(prefix + "passwordEnv and " + prefix + "passwordFile are both set; keep one");
      return null;
    }
    if (variable != null) {
      String value = environment.apply(variable);
      if (value == null) {
        problems.add(prefix + "passwordEnv: environment variable " + variable + " is not set");
      }
      return value;
    }
    if (file != null) {
      Path path = base == null ? Path.of(file) : base.resolve(file);
      try {
        String value = Files.readString(path, StandardCharsets.UTF_8).strip();
        if (value.isEmpty()) {
          problems.add(prefix + "passwordFile: " + path + " is empty");
        }
        return value;
      } catch (IOException e) {
        problems.add(prefix + "passwordFile: cannot read " + path + " (" + e.getClass().getSimpleName() + ")");
        return null;
      }
    }
    // no password: trust or peer authentication on the server
    return "";
  }

  /** temporal.deployment: name and buildId, both or neither. */
  private static WorkerDeployment readDeployment(JsonNode temporal, Problems problems) {
    JsonNode node = temporal.get("deployment");
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isObject()) {
      problems.add("temporal.deployment: must be a mapping of settings (name, buildId)");
      return null;
    }
    problems.unknownKeys("temporal.deployment.", node, Set.of("name", "buildId"));
    String name = problems.requiredText(node, "temporal.deployment.", "name");
    String buildId = problems.requiredText(node, "temporal.deployment.", "buildId");
    return name == null || buildId == null ? null : new WorkerDeployment(name, buildId);
  }

  private static JsonNode section(JsonNode root, String name, Problems problems) {
    JsonNode node = root.get(name);
    if (node == null || node.isNull()) {
      return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }
    if (!node.isObject()) {
      problems.add(name + ": must be a mapping of settings");
      return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }
    return node;
  }

  /** Collects problems; the helpers below add one naming the property instead of throwing. */
  private static final class Problems {
    final List<String> list = new ArrayList<>();

    void add(String problem) {
      list.add(problem);
    }

    boolean isEmpty() {
      return list.isEmpty();
    }

    void unknownKeys(String prefix, JsonNode node, Set<String> known) {
      if (node == null || !node.isObject()) {
        return;
      }
      node.fieldNames().forEachRemaining(key -> {
        if (!known.contains(key)) {
          add(prefix + key + ": unknown setting (known here: " + String.join(", ", known.stream().sorted().toList()) + ")");
        }
      });
    }

    String requiredText(JsonNode node, String prefix, String key) {
      JsonNode value = node.get(key);
      if (value == null || value.isNull() || (value.isTextual() && value.asText().isBlank())) {
        add(prefix + key + ": is required");
        return null;
      }
      if (!value.isValueNode() || value.isBoolean()) {
        add(prefix + key + ": must be text");
        return null;
      }
      return value.asText().strip();
    }

    String optionalText(JsonNode node, String prefix, String key, String fallback) {
      JsonNode value = node.get(key);
      if (value == null || value.isNull()) {
        return fallback;
      }
      if (!value.isValueNode() || value.asText().isBlank()) {
        add(prefix + key + ": must be non-empty text when set");
        return fallback;
      }
      return value.asText().strip();
    }

    boolean optionalBoolean(JsonNode node, String prefix, String key, boolean fallback) {
      JsonNode value = node.get(key);
      if (value == null || value.isNull()) {
        return fallback;
      }
      if (!value.isBoolean()) {
        add(prefix + key + ": '" + value.asText() + "' is not true or false");
        return fallback;
      }
      return value.asBoolean();
    }

    int intInRange(JsonNode node, String prefix, String key, int fallback, int min, int max) {
      JsonNode value = node.get(key);
      if (value == null || value.isNull()) {
        return fallback;
      }
      if (!value.canConvertToInt() || !value.isIntegralNumber()) {
        add(prefix + key + ": '" + value.asText() + "' is not a whole number");
        return fallback;
      }
      int v = value.asInt();
      if (v < min || v > max) {
        add(prefix + key + ": " + v + " is out of range; it must be between " + min + " and " + max);
      }
      return v;
    }
  }
}
