package com.upgradectl.worker;

import com.upgradectl.worker.connect.TemporalSecurity;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.operatorservice.v1.AddSearchAttributesRequest;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Makes sure the server knows the search attributes workflows set (a workflow that sets an unknown
 * one cannot even start). One attribute per request, so that those already there do not hide the
 * missing ones.
 */
public final class SearchAttributeRegistration {
  private SearchAttributeRegistration() {}

  /** What registering found. */
  public record Result(List<String> added, List<String> alreadyThere, List<String> refused) {}

  public static Result register(String target, String namespace, Map<String, IndexedValueType> definitions) {
    return register(target, TemporalSecurity.none(), namespace, definitions);
  }

  /** Over the same secured connection as the worker's. */
  public static Result register(String target, TemporalSecurity security, String namespace,
      Map<String, IndexedValueType> definitions) {
    OperatorServiceStubs operator = OperatorServiceStubs.newServiceStubs(
        security.applyTo(OperatorServiceStubsOptions.newBuilder().setTarget(target)).validateAndBuildWithDefaults());
    List<String> added = new ArrayList<>();
    List<String> alreadyThere = new ArrayList<>();
    List<String> refused = new ArrayList<>();
    try {
      definitions.forEach((name, type) -> {
        try {
          operator.blockingStub().addSearchAttributes(AddSearchAttributesRequest.newBuilder()
              .setNamespace(namespace).putSearchAttributes(name, type).build());
          added.add(name);
        } catch (StatusRuntimeException e) {
          if (e.getStatus().getCode() == Status.Code.ALREADY_EXISTS) {
            alreadyThere.add(name);
          } else {
            refused.add(name + " (" + e.getStatus().getCode() + ": " + e.getStatus().getDescription() + ")");
          }
        }
      });
    } finally {
      operator.shutdown();
      operator.awaitTermination(5, TimeUnit.SECONDS);
    }
    return new Result(added, alreadyThere, refused);
  }
}
