import { automaticChooser, automaticHeading } from '../../../core/failover/chooser.js';
import { byId, el, fill, reasonList } from './dom.js';
import type { Decisions, Event } from './wire.js';

// What a DBA acts on, first: what can be done now (with the T-SQL, and a button that rehearses
// it), then every failover form per target, then commit, backup and listener decisions.

type Verdict = Decisions['failover']['targets'][number]['planned'];
type Loss = Decisions['failover']['targets'][number]['forcedLoss'][number];

const STATUS_CLASS = { allowed: 'yes', refused: 'no', unknown: 'unknown' } as const;

const verdictCell = (verdict: Verdict) =>
  el(
    'td',
    { 'data-status': verdict.status },
    el('span', { class: STATUS_CLASS[verdict.status] }, verdict.status),
    verdict.reasons.length > 0 && reasonList(verdict.reasons),
  );

const lossText = (loss: Loss): string => {
  if (loss.extent === 'wholeDatabase')
    return `${loss.database}: the whole database, every commit of it lost`;
  if (loss.acknowledgedLost === null)
    return loss.extent === 'none'
      ? `${loss.database}: nothing lost`
      : loss.extent === 'log' && loss.lsnRange !== null
        ? `${loss.database}: log after LSN ${loss.lsnRange.afterLsn} lost`
        : `${loss.database}: unknown`;
  return loss.acknowledgedLost.length === 0
    ? `${loss.database}: no acknowledged commit lost`
    : `${loss.database}: loses ${loss.acknowledgedLost.map((r) => `LSN ${r.fromLsn} to ${r.toLsn}`).join(', ')}`;
};

const lossCell = (losses: readonly Loss[]) =>
  el(
    'td',
    {},
    losses.map((l) => el('div', {}, lossText(l), l.reasons.length > 0 && reasonList(l.reasons))),
  );

// Several qualifying replicas: the cluster chooses (a WSFC role's preferred owners, or Pacemaker),
// which the page cannot show.
const automaticChoice = (failover: Decisions['failover'], clusterType: string): string => {
  const candidates = [
    ...failover.automaticUndecided,
    ...failover.automaticAmong,
    ...(failover.automaticTarget === null ? [] : [failover.automaticTarget]),
  ];
  if (failover.automaticAmong.length > 0)
    return `unknown (${candidates.join(' or ')}: ${automaticChooser(clusterType)})`;
  if (failover.automaticUndecided.length > 0) return `unknown (${candidates.join(' or ')})`;
  if (failover.automaticUnlistedBeyond !== undefined)
    return `unknown (the snapshot lists only the replicas on ${failover.automaticUnlistedBeyond}, with no quorum there)`;
  return failover.automaticTarget ?? 'no replica';
};

const capitalized = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

const failoverPanel = (failover: Decisions['failover'], group: Decisions['group']) =>
  el(
    'div',
    { class: 'decision wide' },
    el('h3', {}, 'Failover'),
    el(
      'p',
      {},
      `${capitalized(automaticHeading(group))}: ${automaticChoice(failover, group.clusterType)}`,
    ),
    el(
      'table',
      { id: 'failover-options' },
      el(
        'thead',
        {},
        el(
          'tr',
          {},
          ['target', 'automatic', 'planned', 'forced', 'forced: data loss'].map((h) =>
            el('th', { scope: 'col' }, h),
          ),
        ),
      ),
      el(
        'tbody',
        {},
        failover.targets.map((t) =>
          el(
            'tr',
            { 'data-replica': t.replica },
            el('th', { scope: 'row' }, t.replica),
            verdictCell(t.automatic),
            verdictCell(t.planned),
            verdictCell(t.forced),
            lossCell(t.forcedLoss),
          ),
        ),
      ),
    ),
  );

const commitPanel = (commit: Decisions['commit']) =>
  el(
    'div',
    { class: 'decision' },
    el('h3', {}, 'Commit'),
    commit.map((c) =>
      el(
        'div',
        {},
        el(
          'p',
          {},
          `${c.database}: acknowledged ${c.acknowledgement}${c.mustHarden.length > 0 ? `; must harden on ${c.mustHarden.join(', ')}` : ''}`,
        ),
        c.reasons.length > 0 && reasonList(c.reasons),
      ),
    ),
  );

const backupPanel = (backup: Decisions['backup']) =>
  el(
    'div',
    { class: 'decision' },
    el('h3', {}, 'Preferred backup replica'),
    backup.map((b) =>
      el(
        'div',
        {},
        el(
          'p',
          {},
          `${b.database}: ${b.preferred.replicas.length > 0 ? b.preferred.replicas.join(', ') : b.preferred.undetermined.length > 0 ? '' : b.preferred.unseenReplicas === true ? 'unknown: none of the replicas this snapshot lists' : 'no replica qualifies'}${b.preferred.undetermined.length > 0 ? `${b.preferred.replicas.length > 0 ? '; ' : ''}unknown for ${b.preferred.undetermined.join(', ')}` : ''}`,
        ),
        b.preferred.reasons.length > 0 && reasonList(b.preferred.reasons),
      ),
    ),
  );

type Connection = Decisions['routing']['readWrite'];

const connectionText = (c: Connection): string =>
  c.outcome === 'refused' || c.outcome === 'unknown'
    ? c.outcome
    : `${c.outcome} to ${c.replica ?? 'unknown'}`;

const routingPanel = (routing: Decisions['routing']) =>
  el(
    'div',
    { class: 'decision' },
    el('h3', {}, 'Listener connections'),
    el('p', {}, `read-write: ${connectionText(routing.readWrite)}`),
    routing.readWrite.reasons.length > 0 && reasonList(routing.readWrite.reasons),
    ...readOnlyParts(routing),
  );

/** Once when every database gets the same answer, otherwise one per database (as the CLI does). */
const readOnlyParts = (routing: Decisions['routing']) => {
  const texts = routing.readOnlyByDatabase.map((c) => connectionText(c.connection));
  return texts.every((t) => t === texts[0])
    ? [
        el('p', {}, `read-only: ${connectionText(routing.readOnly)}`),
        routing.readOnly.reasons.length > 0 && reasonList(routing.readOnly.reasons),
      ]
    : routing.readOnlyByDatabase.flatMap((c) => [
        el('p', {}, `read-only to ${c.database}: ${connectionText(c.connection)}`),
        c.connection.reasons.length > 0 && reasonList(c.connection.reasons),
      ]);
};

const actionsPanel = (
  actions: Decisions['actions'],
  tsql: readonly string[],
  labels: readonly string[],
  onEvent: (event: Event) => void,
) =>
  el(
    'div',
    { class: 'decision wide', id: 'actions' },
    el('h3', {}, 'What you can do now'),
    actions.length === 0
      ? el('p', {}, 'nothing to do')
      : el(
          'ol',
          { class: 'actions' },
          actions.map((a, i) => {
            const rehearse = el(
              'button',
              { type: 'button' },
              `Rehearse: ${labels[i] ?? a.event.type}`,
            );
            rehearse.addEventListener('click', () => onEvent(a.event));
            return el(
              'li',
              { 'data-event': a.event.type },
              reasonList(a.why),
              el('pre', {}, tsql[i] ?? ''),
              rehearse,
            );
          }),
        ),
  );

export const renderDecisions = (
  decisions: Decisions,
  tsql: readonly string[],
  labels: readonly string[],
  onEvent: (event: Event) => void,
): void => {
  fill(
    byId('decision-panels'),
    actionsPanel(decisions.actions, tsql, labels, onEvent),
    failoverPanel(decisions.failover, decisions.group),
    el(
      'div',
      { class: 'decision-row' },
      commitPanel(decisions.commit),
      backupPanel(decisions.backup),
      routingPanel(decisions.routing),
    ),
  );
};
