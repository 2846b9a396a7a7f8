package com.upgradectl.worker.config;

/**
 * The worker's Worker Deployment Version (temporal.deployment in the configuration): when set, the
 * worker opts into Temporal's Worker Versioning and only receives the tasks of its version. The
 * pilot upgrade moves to the current version at its next task (auto-upgrade: it lives for weeks, and
 * every change to its commands is a getVersion patch); the production upgrade and preflight stay
 * pinned to the version they started on (short, and users are locked out meanwhile).
 *
 * @param name the deployment's name, the same for every build (e.g. "upgradectl")
 * @param buildId this build (e.g. the release and its commit)
 */
public record WorkerDeployment(String name, String buildId) {}
