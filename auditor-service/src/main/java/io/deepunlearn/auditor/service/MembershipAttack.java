package io.deepunlearn.auditor.service;

/**
 * The population membership-inference attack of spec §5.2: how well can an attacker tell the forget set's
 * per-sample losses from held-out ones? 0.5 = indistinguishable.
 *
 * <p>TODO(lead): bind to {@code io.deepunlearn.core.metric.MembershipInference.forgetVsHeldOut(forget, heldOut,
 * seed).accuracy()} (logistic regression, StratifiedShuffleSplit(10, 0.1, 123)) once it lands in the ML core, and
 * delete {@link InterimThresholdAttack}.
 */
@FunctionalInterface
public interface MembershipAttack {

    double accuracy(double[] forgetLosses, double[] heldOutLosses, long seed);
}
