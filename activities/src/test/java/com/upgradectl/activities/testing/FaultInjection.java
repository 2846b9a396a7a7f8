package com.upgradectl.activities.testing;

import com.upgradectl.workflows.common.FailureTypes;
import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Makes one call of a real activity fail, for the switch's fault-injection tests: activity
 * implementations are wrapped in a {@link Proxy} of their {@code @ActivityInterface} (Temporal
 * registers the proxy like any implementation), and an armed fault throws a non-retryable
 * ApplicationFailure of type {@link FailureTypes#INJECTED} at the n-th call of one method by one
 * workflow — {@link When#BEFORE} the real call, or {@link When#AFTER} it succeeded, which is the
 * dangerous case (a database renamed, then a failure). Instead of failing, a call can also be
 * followed by something the world does meanwhile ({@link #interfereAfter}).
 */
public final class FaultInjection {

  public enum When { BEFORE, AFTER }

  /** Fail the {@code occurrence}-th call (from 1) of {@code method} made after arming. */
  public record Fault(String method, int occurrence, When when) {
    @Override
    public String toString() {
      return method + (occurrence == 1 ? "" : " #" + occurrence) + " " + when.name().toLowerCase();
    }
  }

  private final AtomicReference<Armed> armed = new AtomicReference<>();

  /** {@code target} behind a proxy of {@code activityInterface} that fails where a fault is armed. */
  public <T> T wrap(Class<T> activityInterface, T target) {
    InvocationHandler handler = (proxy, method, args) -> invoke(target, method, args);
    return activityInterface.cast(Proxy.newProxyInstance(activityInterface.getClassLoader(),
        new Class<?>[] {activityInterface}, handler));
  }

  /** Arms {@code fault} for the activities of one workflow; replaces any fault armed before. */
  public void arm(String workflowId, Fault fault) {
    armed.set(new Armed(workflowId, fault, null));
  }

  /**
   * Runs {@code action} right after the {@code occurrence}-th call of {@code method} by one workflow
   * succeeded, before the activity returns; the call then returns normally (unless the action throws).
   */
  public void interfereAfter(String workflowId, String method, int occurrence, Runnable action) {
    armed.set(new Armed(workflowId, new Fault(method, occurrence, When.AFTER), action));
  }

  public void disarm() {
    armed.set(null);
  }

  /** Whether the armed fault was thrown or the action run (a test whose fault never fired proves nothing). */
  public boolean fired() {
    Armed current = armed.get();
    return current != null && current.fired;
  }

  private Object invoke(Object target, Method method, Object[] args) throws Throwable {
    if (method.getDeclaringClass() == Object.class) {
      return method.invoke(target, args);
    }
    Armed current = armed.get();
    boolean fail = current != null && current.shouldFail(method.getName(), workflowId());
    if (fail && current.fault.when() == When.BEFORE) {
      throw injected(current.fault);
    }
    Object result;
    try {
      result = method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
    if (fail && current.action != null) {
      current.action.run();
    } else if (fail) {
      throw injected(current.fault);
    }
    return result;
  }

  private static String workflowId() {
    return Activity.getExecutionContext().getInfo().getWorkflowId();
  }

  private static ApplicationFailure injected(Fault fault) {
    return ApplicationFailure.newNonRetryableFailure("injected failure at " + fault, FailureTypes.INJECTED);
  }

  private static final class Armed {
    final String workflowId;
    final Fault fault;
    /** Runs instead of the failure; null to fail. */
    final Runnable action;
    int calls;
    volatile boolean fired;

    Armed(String workflowId, Fault fault, Runnable action) {
      this.workflowId = workflowId;
      this.fault = fault;
      this.action = action;
    }

    /** Counts the calls of the fault's method by its workflow; true for the one that fails. */
    synchronized boolean shouldFail(String method, String callingWorkflow) {
      if (fired || !fault.method().equals(method) || !workflowId.equals(callingWorkflow)) {
        return false;
      }
      calls++;
      fired = calls == fault.occurrence();
      return fired;
    }
  }
}
