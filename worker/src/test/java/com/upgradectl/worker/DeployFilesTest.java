package com.upgradectl.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.upgradectl.examples.SampleProduction;
import com.upgradectl.workflows.pilot.DataCopyActivities;
import com.upgradectl.workflows.pilot.PilotDatabaseActivities;
import com.upgradectl.workflows.pilot.PilotUpgradeWorkflow;
import com.upgradectl.workflows.pilot.SwitchActivities;
import com.upgradectl.workflows.pilot.SwitchBackActivities;
import com.upgradectl.workflows.production.ProductionActivities;
import com.upgradectl.workflows.production.ProductionUpgradeWorkflow;
import com.upgradectl.worker.config.WorkerConfig;
import com.upgradectl.worker.config.WorkerConfigReader;
import com.upgradectl.worker.metrics.WorkerMeters;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.temporal.common.metadata.POJOActivityInterfaceMetadata;
import io.temporal.common.metadata.POJOActivityMethodMetadata;
import io.temporal.common.metadata.POJOWorkflowInterfaceMetadata;
import io.temporal.common.reporter.MicrometerClientStatsReporter;
import io.temporal.worker.MetricsType;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * The deployment files in deploy/ (compose, Dockerfile, Prometheus, Grafana, Kubernetes) checked
 * without a container engine: they parse, every file they mount or copy exists, the worker
 * configuration they carry is one the worker accepts, their numbers agree with each other (ports,
 * grace periods), and every metric name the dashboard and the alert rules query is one the worker
 * really exposes (deploy/metrics.txt). promtool and kubectl checks run where those tools are installed.
 */
class DeployFilesTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path ROOT = repositoryRoot();
  private static final Path DEPLOY = ROOT.resolve("deploy");
  private static final int METRICS_PORT = 9464;
  private static final Pattern SELECTOR = Pattern.compile("([A-Za-z_:][A-Za-z0-9_:]*)\\s*[{\\[]");
  private static final Pattern PREFIXED = Pattern.compile("\\b(?:temporal|upgradectl)_[a-z0-9_]+");
  private static final Pattern LABEL_VALUES = Pattern.compile("(activity_type|workflow_type)\\s*=~?\\s*\"([^\"]*)\"");

  // ---- compose ----

  @Test
  void composeHasTheStackWithEachProductionUnderItsProfile() throws IOException {
    JsonNode services = compose().get("services");
    assertThat(fieldNames(services)).contains("temporal-db", "temporal", "temporal-ui", "worker", "prometheus", "grafana",
        "production-pg", "production-mssql");
    assertThat(services.at("/temporal-db/image").asText()).isEqualTo("postgres:16");
    assertThat(services.at("/temporal-ui/ports/0").asText()).endsWith(":8080");
    assertThat(services.at("/temporal/environment/POSTGRES_SEEDS").asText()).isEqualTo("temporal-db");
    assertThat(services.at("/production-pg/profiles").toString()).isEqualTo("[\"postgres\"]");
    assertThat(services.at("/production-pg-seed/profiles").toString()).isEqualTo("[\"postgres\"]");
    assertThat(services.at("/production-mssql/profiles").toString()).isEqualTo("[\"sqlserver\"]");
    assertThat(services.at("/production-mssql-seed/profiles").toString()).isEqualTo("[\"sqlserver\"]");
    assertThat(services.at("/production-mssql/image").asText()).contains("mssql/server:2022");
    // everything else starts without a profile: one command brings the stack up
    services.fields().forEachRemaining(s -> {
      if (!s.getKey().startsWith("production-")) {
        assertThat(s.getValue().has("profiles")).as(s.getKey() + " has no profile").isFalse();
      }
    });
    // the YAML aliases of the passwords resolve to the same expressions
    assertThat(services.at("/worker/environment/UPGRADECTL_PG_PASSWORD").asText())
        .isEqualTo(services.at("/production-pg/environment/POSTGRES_PASSWORD").asText())
        .startsWith("${UPGRADECTL_PG_PASSWORD");
  }

  @Test
  void everyFileComposeMountsOrBuildsFromExists() throws IOException {
    JsonNode services = compose().get("services");
    List<String> checked = new ArrayList<>();
    services.fields().forEachRemaining(service -> {
      JsonNode build = service.getValue().get("build");
      if (build != null) {
        Path context = DEPLOY.resolve(build.get("context").asText()).normalize();
        assertThat(context).as(service.getKey() + " build context").isDirectory();
        assertThat(context.resolve(build.get("dockerfile").asText())).as(service.getKey() + " dockerfile").isRegularFile();
        checked.add(build.get("dockerfile").asText());
      }
      for (JsonNode volume : iterable(service.getValue().get("volumes"))) {
        String source = volume.asText().split(":")[0];
        if (source.startsWith(".") || source.startsWith("/")) {
          assertThat(DEPLOY.resolve(source).normalize()).as(service.getKey() + " mounts " + source).exists();
          checked.add(source);
        }
      }
    });
    assertThat(checked).contains("deploy/Dockerfile", "./worker.yaml", "./prometheus/prometheus.yml",
        "./prometheus/alerts.yml", "./grafana/provisioning", "./grafana/dashboards", "../examples");
    // paths inside the containers that point into those mounts
    assertThat(mountedFile(services.get("grafana"),
        services.at("/grafana/environment/GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH").asText())).isRegularFile();
    JsonNode provider = yaml(DEPLOY.resolve("grafana/provisioning/dashboards/upgradectl.yaml"));
    assertThat(mountedFile(services.get("grafana"), provider.at("/providers/0/options/path").asText())).isDirectory();
    assertThat(mountedFile(services.get("prometheus"), "/etc/prometheus/alerts.yml")).isRegularFile();
    assertThat(prometheusConfig().get("rule_files").get(0).asText()).isEqualTo("alerts.yml");
  }

  @Test
  void composeWorkerConfigurationIsOneTheWorkerAccepts() throws Exception {
    JsonNode worker = compose().at("/services/worker");
    Map<String, String> environment = new HashMap<>();
    worker.get("environment").fields().forEachRemaining(e -> environment.put(e.getKey(), "secret"));
    String configPath = containerPathOf(worker, DEPLOY.resolve("worker.yaml"));
    assertThat(configPath).isEqualTo(dockerfileConfigPath());

    WorkerConfig config = new WorkerConfigReader(environment::get).read(DEPLOY.resolve("worker.yaml"));

    assertThat(config.metricsPort()).isEqualTo(METRICS_PORT);
    assertThat(config.temporal().target()).isEqualTo("temporal:7233");
    assertThat(config.profiles()).containsOnlyKeys("pg", "mssql");
    assertThat(config.profiles().get("pg").serverUrl()).contains("//production-pg:5432/");
    assertThat(config.profiles().get("mssql").serverUrl()).contains("//production-mssql:1433;");
    assertThat(seconds(worker.get("stop_grace_period").asText())).isGreaterThan(config.shutdownTimeoutSeconds());
    assertThat(worker.at("/ports/0").asText()).endsWith(":" + METRICS_PORT);
    assertThat(prometheusConfig().at("/scrape_configs/0/static_configs/0/targets/0").asText())
        .isEqualTo("worker:" + METRICS_PORT);
  }

  // ---- Dockerfile ----

  @Test
  void dockerfileCopiesOnlyWhatExistsAndRunsTheShadedJarAsNonRoot() throws IOException {
    List<String> lines = dockerfileInstructions();
    List<String> sources = new ArrayList<>();
    for (String line : lines) {
      if (line.startsWith("COPY ") && !line.contains("--from=")) {
        List<String> words = new ArrayList<>(List.of(line.substring(5).trim().split("\\s+")));
        words.removeIf(w -> w.startsWith("--"));
        sources.addAll(words.subList(0, words.size() - 1));
      }
    }
    assertThat(sources).contains("mvnw", "worker/src/", "deploy/healthcheck.sh", "deploy/seed/SeedSampleProduction.java");
    for (String source : sources) {
      assertThat(ROOT.resolve(source)).as("COPY source " + source).exists();
    }
    List<String> stages = lines.stream().filter(l -> l.startsWith("FROM ")).toList();
    assertThat(stages.get(0)).startsWith("FROM eclipse-temurin:17-jdk AS build");
    assertThat(stages.get(stages.size() - 1)).startsWith("FROM eclipse-temurin:17-jre AS runtime");
    String runtime = String.join("\n", lines.subList(lines.indexOf(stages.get(stages.size() - 1)), lines.size()));
    assertThat(runtime).containsPattern("(?m)^USER 10001")
        .contains("HEALTHCHECK").contains("/health/ready")
        .contains("EXPOSE " + METRICS_PORT);
    // the jar the build stage copies is the one the worker module's shade execution produces
    String pom = Files.readString(ROOT.resolve("worker/pom.xml"));
    assertThat(pom).contains("<finalName>upgradectl-worker</finalName>");
    assertThat(String.join("\n", lines)).contains("./mvnw ").contains("-pl worker -am package")
        .contains("worker/target/upgradectl-worker.jar");
    // every module of the reactor has its POM copied (Maven reads them all)
    Matcher modules = Pattern.compile("<module>([^<]+)</module>").matcher(Files.readString(ROOT.resolve("pom.xml")));
    while (modules.find()) {
      assertThat(sources).contains(modules.group(1) + "/pom.xml");
    }
    assertThat(Files.readString(DEPLOY.resolve("healthcheck.sh"))).contains("/dev/tcp/127.0.0.1/");
  }

  @Test
  void seedProgramCompilesAgainstTheSampleGenerator() throws Exception {
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    assumeTrue(compiler != null, "no Java compiler in this runtime");
    Path out = Files.createTempDirectory("seed-classes");
    String classpath = Path.of(SampleProduction.class.getProtectionDomain().getCodeSource().getLocation().toURI())
        .toString();
    int result = compiler.run(null, null, null, "-d", out.toString(), "-cp", classpath,
        DEPLOY.resolve("seed/SeedSampleProduction.java").toString());
    assertThat(result).isZero();
  }

  // ---- Kubernetes ----

  @Test
  void kubernetesManifestsParseAndKustomizationListsExistingFiles() throws IOException {
    JsonNode kustomization = yaml(DEPLOY.resolve("k8s/kustomization.yaml"));
    List<String> kinds = new ArrayList<>();
    for (JsonNode resource : kustomization.get("resources")) {
      Path file = DEPLOY.resolve("k8s").resolve(resource.asText());
      assertThat(file).as("kustomization resource").isRegularFile();
      for (JsonNode document : documents(file)) {
        assertThat(document.hasNonNull("apiVersion")).as(file + " apiVersion").isTrue();
        assertThat(document.at("/metadata/name").asText()).as(file + " name").isNotBlank();
        kinds.add(document.get("kind").asText());
      }
    }
    assertThat(kinds).contains("Deployment", "ConfigMap", "Service");
    assertThat(documents(DEPLOY.resolve("k8s/secret.template.yaml")).get(0).get("kind").asText()).isEqualTo("Secret");
  }

  @Test
  void workerDeploymentAgreesWithItsConfigMapAndSecret() throws Exception {
    JsonNode deployment = manifest("deployment.yaml");
    JsonNode pod = deployment.at("/spec/template");
    JsonNode container = pod.at("/spec/containers/0");
    JsonNode secret = documents(DEPLOY.resolve("k8s/secret.template.yaml")).get(0);
    JsonNode configMap = manifest("configmap.yaml");

    Map<String, String> environment = new LinkedHashMap<>();
    for (JsonNode variable : container.get("env")) {
      JsonNode ref = variable.at("/valueFrom/secretKeyRef");
      if (!ref.isMissingNode()) {
        assertThat(ref.get("name").asText()).isEqualTo(secret.at("/metadata/name").asText());
        assertThat(secret.get("stringData").has(ref.get("key").asText())).as("Secret key " + ref.get("key")).isTrue();
        environment.put(variable.get("name").asText(), "secret");
      }
    }
    Path configFile = Files.createTempDirectory("k8s-config").resolve("worker.yaml");
    Files.writeString(configFile, configMap.at("/data/worker.yaml").asText());
    WorkerConfig config = new WorkerConfigReader(environment::get).read(configFile);
    assertThat(config.profiles().values()).allSatisfy(p -> assertThat(p.password()).isEqualTo("secret"));

    assertThat(pod.at("/spec/terminationGracePeriodSeconds").asInt()).isGreaterThan(config.shutdownTimeoutSeconds());
    int port = config.metricsPort();
    assertThat(container.at("/ports/0/containerPort").asInt()).isEqualTo(port);
    String portName = container.at("/ports/0/name").asText();
    assertThat(container.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/health/live");
    assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/health/ready");
    assertThat(container.at("/livenessProbe/httpGet/port").asText()).isEqualTo(portName);
    assertThat(container.at("/readinessProbe/httpGet/port").asText()).isEqualTo(portName);
    assertThat(pod.at("/metadata/annotations/prometheus.io~1scrape").asText()).isEqualTo("true");
    assertThat(pod.at("/metadata/annotations/prometheus.io~1port").asText()).isEqualTo(String.valueOf(port));
    assertThat(container.at("/resources/requests/cpu").asText()).isEqualTo("1");
    assertThat(container.at("/resources/requests/memory").asText()).isEqualTo("512Mi");
    assertThat(container.at("/resources/limits/cpu").asText()).isEqualTo("2");
    assertThat(container.at("/resources/limits/memory").asText()).isEqualTo("1Gi");
    assertThat(pod.at("/spec/securityContext/runAsNonRoot").asBoolean()).isTrue();

    // the ConfigMap is mounted where the image looks for the configuration
    String configVolume = null;
    for (JsonNode volume : pod.at("/spec/volumes")) {
      if (volume.at("/configMap/name").asText().equals(configMap.at("/metadata/name").asText())) {
        configVolume = volume.get("name").asText();
      }
    }
    String mountPath = null;
    for (JsonNode mount : container.get("volumeMounts")) {
      if (mount.get("name").asText().equals(configVolume)) {
        mountPath = mount.get("mountPath").asText();
      }
    }
    assertThat(mountPath + "/worker.yaml").isEqualTo(dockerfileConfigPath());
    assertThat(container.get("args").toString()).contains(dockerfileConfigPath());

    JsonNode service = manifest("service.yaml");
    assertThat(service.at("/spec/selector")).isEqualTo(deployment.at("/spec/selector/matchLabels"));
    assertThat(service.at("/spec/ports/0/port").asInt()).isEqualTo(port);
    assertThat(service.at("/spec/ports/0/targetPort").asText()).isEqualTo(portName);
  }

  @Test
  void kustomizeBuildsWhereKubectlIsInstalled() throws Exception {
    assumeTrue(onPath("kubectl"), "kubectl is not on the PATH");
    Run run = run(DEPLOY.resolve("k8s"), "kubectl", "kustomize", ".");
    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output()).contains("kind: Deployment").contains("namespace: upgradectl");
  }

  // ---- metrics: dashboard and alert rules ----

  @Test
  void dashboardAndRulesQueryExactlyTheListedMetrics() throws IOException {
    Set<String> used = new TreeSet<>();
    for (String expression : queries()) {
      used.addAll(metricNames(expression));
    }
    assertThat(used).isEqualTo(listedMetrics());
  }

  /**
   * The Temporal SDK's listed names are what the worker's registry exposes through the SDK's own
   * Micrometer reporter under the SDK's own names (which meter the SDK emits when is the SDK's
   * business: failures appear only once something failed). MetricsScrapeTest finds every other
   * listed name in a real scrape.
   */
  @Test
  void everyListedSdkMetricIsExposedInThatFormByTheWorkersRegistry() {
    PrometheusMeterRegistry registry = WorkerMeters.create().registry();

    MicrometerClientStatsReporter sdk = new MicrometerClientStatsReporter(registry);
    Map<String, String> workflowTags = Map.of("namespace", "default", "task_queue", "upgradectl-upgrades",
        "workflow_type", "PilotUpgradeWorkflow");
    Map<String, String> activityTags = Map.of("namespace", "default", "task_queue", "upgradectl-upgrades",
        "activity_type", "ImportAllTables");
    for (String counter : List.of(MetricsType.WORKFLOW_COMPLETED_COUNTER, MetricsType.WORKFLOW_FAILED_COUNTER,
        MetricsType.WORKFLOW_TASK_QUEUE_POLL_EMPTY_COUNTER, MetricsType.WORKFLOW_TASK_QUEUE_POLL_SUCCEED_COUNTER)) {
      sdk.reportCounter(counter, workflowTags, 1);
    }
    sdk.reportCounter(MetricsType.ACTIVITY_EXEC_FAILED_COUNTER, activityTags, 1);
    sdk.reportTimer(MetricsType.ACTIVITY_EXEC_LATENCY, activityTags, com.uber.m3.util.Duration.ofMillis(1500));
    sdk.reportGauge(MetricsType.WORKER_TASK_SLOTS_USED, Map.of("worker_type", "ActivityWorker"), 1);
    sdk.reportCounter(io.temporal.serviceclient.MetricsType.TEMPORAL_LONG_REQUEST_FAILURE,
        Map.of("operation", "PollWorkflowTaskQueue"), 1);
    sdk.reportCounter(io.temporal.serviceclient.MetricsType.TEMPORAL_REQUEST_FAILURE,
        Map.of("operation", "RespondWorkflowTaskCompleted"), 1);

    Set<String> scraped = registry.scrape().lines()
        .filter(line -> !line.isBlank() && !line.startsWith("#"))
        .map(line -> line.split("[{ ]", 2)[0])
        .collect(Collectors.toCollection(TreeSet::new));
    Set<String> expected = listedMetrics().stream().filter(name -> name.startsWith("temporal_"))
        .collect(Collectors.toCollection(TreeSet::new));
    assertThat(expected).hasSizeGreaterThan(10);
    assertThat(scraped).containsAll(expected);
  }

  @Test
  void activityAndWorkflowTypesTheQueriesNameExist() throws IOException {
    Set<String> activityTypes = new TreeSet<>();
    for (Class<?> activities : List.of(PilotDatabaseActivities.class, DataCopyActivities.class, SwitchActivities.class,
        SwitchBackActivities.class, ProductionActivities.class)) {
      for (POJOActivityMethodMetadata method : POJOActivityInterfaceMetadata.newInstance(activities).getMethodsMetadata()) {
        activityTypes.add(method.getActivityTypeName());
      }
    }
    Set<String> workflowTypes = Stream.of(PilotUpgradeWorkflow.class, ProductionUpgradeWorkflow.class)
        .map(type -> POJOWorkflowInterfaceMetadata.newInstance(type).getWorkflowType().orElseThrow())
        .collect(Collectors.toSet());
    int named = 0;
    for (String expression : queries()) {
      Matcher matcher = LABEL_VALUES.matcher(expression);
      while (matcher.find()) {
        Set<String> known = matcher.group(1).equals("activity_type") ? activityTypes : workflowTypes;
        for (String value : matcher.group(2).split("\\|")) {
          assertThat(known).as(matcher.group(1) + " in " + expression).contains(value);
          named++;
        }
      }
    }
    assertThat(named).isGreaterThan(5);
  }

  @Test
  void grafanaQueriesUseTheProvisionedDatasource() throws IOException {
    JsonNode datasources = yaml(DEPLOY.resolve("grafana/provisioning/datasources/prometheus.yaml"));
    String uid = datasources.at("/datasources/0/uid").asText();
    assertThat(datasources.at("/datasources/0/url").asText()).isEqualTo("http://prometheus:9090");
    JsonNode dashboard = JSON.readTree(DEPLOY.resolve("grafana/dashboards/upgradectl.json").toFile());
    assertThat(dashboard.get("uid").asText()).isEqualTo("upgradectl");
    int targets = 0;
    for (JsonNode panel : dashboard.get("panels")) {
      for (JsonNode target : iterable(panel.get("targets"))) {
        assertThat(target.at("/datasource/uid").asText()).as(panel.get("title").asText()).isEqualTo(uid);
        targets++;
      }
    }
    assertThat(targets).isGreaterThan(15);
  }

  // ---- promtool (where installed) ----

  @Test
  void promtoolAcceptsTheConfigurationAndTheRulesAndTheirTestsPass() throws Exception {
    assumeTrue(onPath("promtool"), "promtool is not on the PATH");
    Path dir = DEPLOY.resolve("prometheus");
    for (List<String> command : List.of(
        List.of("promtool", "check", "config", "prometheus.yml"),
        List.of("promtool", "check", "rules", "alerts.yml"),
        List.of("promtool", "test", "rules", "alerts.test.yml"))) {
      Run run = run(dir, command.toArray(String[]::new));
      assertThat(run.exitCode()).as(String.join(" ", command) + "\n" + run.output()).isZero();
      assertThat(run.output()).contains("SUCCESS");
    }
  }

  // ---- helpers ----

  /** Every PromQL expression of the dashboard (targets, variables) and of the alert rules. */
  private static List<String> queries() throws IOException {
    List<String> expressions = new ArrayList<>();
    collectQueries(JSON.readTree(DEPLOY.resolve("grafana/dashboards/upgradectl.json").toFile()), expressions);
    for (JsonNode group : yaml(DEPLOY.resolve("prometheus/alerts.yml")).get("groups")) {
      for (JsonNode rule : group.get("rules")) {
        expressions.add(rule.get("expr").asText());
      }
    }
    assertThat(expressions).hasSizeGreaterThan(20);
    return expressions;
  }

  private static void collectQueries(JsonNode node, List<String> into) {
    if (node.isObject()) {
      node.fields().forEachRemaining(field -> {
        if (field.getValue().isTextual() && Set.of("expr", "query", "definition").contains(field.getKey())) {
          into.add(field.getValue().asText());
        } else {
          collectQueries(field.getValue(), into);
        }
      });
    } else if (node.isArray()) {
      node.forEach(element -> collectQueries(element, into));
    }
  }

  /** Metric names of a PromQL expression: selectors (name{...} or name[...]) and every temporal_/upgradectl_ word. */
  static Set<String> metricNames(String expression) {
    String withoutStrings = expression.replaceAll("\"[^\"]*\"", "\"\"");
    Set<String> names = new TreeSet<>();
    Matcher selector = SELECTOR.matcher(withoutStrings);
    while (selector.find()) {
      names.add(selector.group(1));
    }
    Matcher prefixed = PREFIXED.matcher(withoutStrings);
    while (prefixed.find()) {
      names.add(prefixed.group());
    }
    return names;
  }

  static Set<String> listedMetrics() {
    try (Stream<String> lines = Files.lines(DEPLOY.resolve("metrics.txt"))) {
      return lines.map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#"))
          .map(l -> l.split("\\s+")[0]).collect(Collectors.toCollection(TreeSet::new));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static JsonNode compose() throws IOException {
    return yaml(DEPLOY.resolve("compose.yaml"));
  }

  private static JsonNode prometheusConfig() throws IOException {
    return yaml(DEPLOY.resolve("prometheus/prometheus.yml"));
  }

  private static JsonNode manifest(String file) throws IOException {
    return documents(DEPLOY.resolve("k8s").resolve(file)).get(0);
  }

  private static JsonNode yaml(Path file) throws IOException {
    JsonNode node = YAML.readTree(file.toFile());
    assertThat(node).as(file + " is empty").isNotNull();
    return node;
  }

  private static List<JsonNode> documents(Path file) throws IOException {
    List<JsonNode> documents = new ArrayList<>();
    try (var values = YAML.readerFor(JsonNode.class).<JsonNode>readValues(file.toFile())) {
      while (values.hasNext()) {
        JsonNode document = values.next();
        if (document != null && !document.isNull() && !document.isEmpty()) {
          documents.add(document);
        }
      }
    }
    assertThat(documents).as(file + " documents").isNotEmpty();
    return documents;
  }

  /** The Dockerfile's instructions, continuation lines joined, comments dropped. */
  private static List<String> dockerfileInstructions() throws IOException {
    List<String> instructions = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : Files.readAllLines(DEPLOY.resolve("Dockerfile"))) {
      String trimmed = line.strip();
      if (current.isEmpty() && (trimmed.isEmpty() || trimmed.startsWith("#"))) {
        continue;
      }
      if (trimmed.endsWith("\\")) {
        current.append(trimmed, 0, trimmed.length() - 1).append(' ');
      } else {
        instructions.add(current.append(trimmed).toString().replaceAll("\\s+", " "));
        current.setLength(0);
      }
    }
    return instructions;
  }

  /** The configuration file the image's CMD names. */
  private static String dockerfileConfigPath() throws IOException {
    String cmd = dockerfileInstructions().stream().filter(l -> l.startsWith("CMD ")).reduce((a, b) -> b).orElseThrow();
    Matcher path = Pattern.compile("\"--config\", \"([^\"]+)\"").matcher(cmd);
    assertThat(path.find()).as(cmd).isTrue();
    return path.group(1);
  }

  /** Where a service sees a file of the repository, through its bind mounts. */
  private static String containerPathOf(JsonNode service, Path file) {
    for (JsonNode volume : service.get("volumes")) {
      String[] parts = volume.asText().split(":");
      if (DEPLOY.resolve(parts[0]).normalize().equals(file.normalize())) {
        return parts[1];
      }
    }
    throw new AssertionError(file + " is not mounted");
  }

  /** The repository file a path inside a service's container comes from, through its bind mounts. */
  private static Path mountedFile(JsonNode service, String containerPath) {
    for (JsonNode volume : service.get("volumes")) {
      String[] parts = volume.asText().split(":");
      if (containerPath.equals(parts[1]) || containerPath.startsWith(parts[1] + "/")) {
        return DEPLOY.resolve(parts[0]).resolve(containerPath.substring(parts[1].length()).replaceFirst("^/", ""))
            .normalize();
      }
    }
    throw new AssertionError(containerPath + " is not inside a bind mount");
  }

  private static int seconds(String composeDuration) {
    Matcher m = Pattern.compile("(\\d+)s").matcher(composeDuration);
    assertThat(m.matches()).as(composeDuration).isTrue();
    return Integer.parseInt(m.group(1));
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static Iterable<JsonNode> iterable(JsonNode node) {
    return node == null ? List.of() : node;
  }

  private static boolean onPath(String tool) {
    String path = System.getenv("PATH");
    return path != null && Stream.of(path.split(File.pathSeparator))
        .anyMatch(dir -> Files.isExecutable(Path.of(dir, tool)));
  }

  private record Run(int exitCode, String output) {}

  private static Run run(Path dir, String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as(String.join(" ", command)).isTrue();
    return new Run(process.exitValue(), output);
  }

  private static Path repositoryRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isRegularFile(dir.resolve("deploy/compose.yaml"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException("no deploy/compose.yaml above " + Path.of("").toAbsolutePath());
    }
    return dir;
  }
}
