package com.upgradectl.workflows.common;

/** A database on the server a connection profile points at. */
public record DatabaseRef(String serverProfile, String database) {
  @Override
  public String toString() {
    return serverProfile + "/" + database;
  }
}
