import { failureThresholdReason } from '../health/health.js';
import type { ClusterFacts } from '../model/facts.js';
import { type Reason, reason, source } from '../model/source.js';
import { isPrimaryUnseen, primaryConfig, primaryUnseen } from '../rules/facts-access.js';
import { FAILOVER_RULES } from './failover-rules.js';
import type { Check } from './verdict.js';

/**
 * What an automatic failover asks beyond the other forms: the failover modes and availability
 * modes of the primary and the target (the matrix of S2), the failure threshold, and, under
 * CLUSTER_TYPE = EXTERNAL with no primary, the note that the verdict is Pacemaker's promotion.
 */

const r = reason;

export const checkAutomaticModes: Check = (facts, target) => {
  const reasons: Reason[] = [];
  const { clusterType } = facts.config;
  if (clusterType === 'NONE') {
    return [
      r(
        'CLUSTER_TYPE_NONE',
        'CLUSTER_TYPE = NONE has no cluster manager: automatic failover never happens',
        FAILOVER_RULES.clusterNone,
      ),
    ];
  }
  const automaticMode = clusterType === 'EXTERNAL' ? 'EXTERNAL' : 'AUTOMATIC';
  const primary = primaryConfig(facts);
  if (primary === undefined && isPrimaryUnseen(facts)) {
    reasons.push(primaryUnseen(FAILOVER_RULES.automatic, facts));
  } else if (primary === undefined) {
    // Under EXTERNAL, Pacemaker keeps trying to promote while there is no master (S341): the
    // verdict is that promotion's, judged by the checks below (noMasterNote says so).
    if (clusterType !== 'EXTERNAL')
      reasons.push(
        r(
          'NO_PRIMARY',
          'no replica holds the primary role: automatic failover reacts to a failure of the primary',
          FAILOVER_RULES.automatic,
        ),
      );
  } else {
    if (clusterType === 'WSFC' && primary.failoverMode !== 'AUTOMATIC')
      reasons.push(
        r(
          'PRIMARY_FAILOVER_MODE_MANUAL',
          `the primary ${primary.name} has FAILOVER_MODE ${primary.failoverMode}: automatic failover cannot occur`,
          FAILOVER_RULES.matrix,
        ),
      );
    if (primary.availabilityMode !== 'SYNCHRONOUS_COMMIT')
      reasons.push(
        r(
          'PRIMARY_NOT_SYNCHRONOUS_COMMIT',
          `the primary ${primary.name} runs ${primary.availabilityMode}`,
          FAILOVER_RULES.automatic,
        ),
      );
  }
  if (target.failoverMode !== automaticMode)
    reasons.push(
      r(
        'TARGET_FAILOVER_MODE_MANUAL',
        `${target.name} has FAILOVER_MODE ${target.failoverMode}, not ${automaticMode}`,
        FAILOVER_RULES.matrix,
      ),
    );
  if (target.availabilityMode !== 'SYNCHRONOUS_COMMIT')
    reasons.push(
      r(
        'TARGET_NOT_SYNCHRONOUS_COMMIT',
        `${target.name} runs ${target.availabilityMode}: automatic failover needs synchronous commit`,
        FAILOVER_RULES.automatic,
      ),
    );
  if (target.hostedByFci)
    reasons.push(
      r(
        'TARGET_HOSTED_BY_FCI',
        `${target.name} is hosted by a failover cluster instance: it supports only manual failover`,
        FAILOVER_RULES.fci,
      ),
    );
  return reasons;
};

export const checkFailureThreshold: Check = (facts) => {
  const reason = failureThresholdReason(
    facts.config,
    facts.failureTimesMs ?? [],
    facts.nowMs ?? 0,
    facts.clusterNodes,
  );
  return reason === null ? [] : [reason];
};

/**
 * CLUSTER_TYPE = EXTERNAL and no replica primary: the resource agent's start leaves a RESOLVING
 * replica "available for pre-promote" while "There is no master right now", and Pacemaker promotes
 * a synchronous-commit replica its checks allow (S341, ag-helper `start` and `monitor`), without
 * waiting for a failure: the automatic verdict is for that promotion. Said in every verdict it
 * does not refuse, so a "yes" is not read as a failover after a primary's failure.
 */
export const noMasterNote = (facts: ClusterFacts, target: string): Reason =>
  r(
    'EXTERNAL_PROMOTES_WITHOUT_PRIMARY',
    `${facts.config.name} has no primary: Pacemaker keeps no promoted instance of the ag resource and promotes a synchronous-commit replica as soon as its checks pass (a majority of sequence numbers, the highest one, synchronized databases); this verdict is for promoting ${target} now, not for a failure of a primary`,
    source(
      'S341',
      'ag-helper start: with no master, a RESOLVING replica is left "available for pre-promote"; monitor: a synchronous-commit replica "can be promoted if necessary"',
    ),
  );

export const isExternalWithoutPrimary = (facts: ClusterFacts): boolean =>
  facts.config.clusterType === 'EXTERNAL' &&
  primaryConfig(facts) === undefined &&
  !isPrimaryUnseen(facts);
