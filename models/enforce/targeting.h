/* targeting.h: risk-targeted inspection in the standard binormal form
 * (docs/enforcement.md).  A consignment's risk score is N(mu, 1) when it is
 * non-compliant and N(0, 1) when it is compliant; it is inspected when its score
 * passes a threshold t.  mu is the targeting power (0: selection at random);
 * the area under the ROC curve is Phi(mu / sqrt 2).  t is solved so that the
 * expected inspection rate is the rate p the scenario asks for, given the
 * consignment's probability q of being non-compliant:
 *     q Q(t - mu) + (1 - q) Q(t) = p,   Q the standard normal upper tail.
 * Pure: no state, no allocation. */
#ifndef CZ_TARGETING_H
#define CZ_TARGETING_H

/* The threshold t for rate p in [0, 1], non-compliance q in [0, 1] and power
 * mu >= 0: +INFINITY for p = 0 (never), -INFINITY for p = 1 (always); NaN when
 * the root cannot be bracketed (not for valid inputs). */
double cz_target_threshold(double p, double q, double mu);
/* The probability that a non-compliant (or compliant) consignment is selected
 * at threshold t: Q(t - mu) (or Q(t)). */
double cz_target_hit(double t, double mu);
double cz_target_false_alarm(double t);
/* The area under the ROC curve of power mu: Phi(mu / sqrt 2). */
double cz_target_auc(double mu);

#endif
