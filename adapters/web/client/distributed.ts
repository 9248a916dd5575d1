import { byId, el, fill, reasonList, yesNo } from './dom.js';
import type { DistributedView, Problem, Reason, Wire } from './wire.js';

// A distributed availability group: both member groups, the link and the roles, the failover's
// readiness step by step, and the statements as buttons (refused ones disabled, with why).

type Offered = DistributedView['events'][number];
type DistributedEventAnswer =
  | {
      readonly accepted: true;
      readonly label: string;
      readonly observations: readonly string[];
      readonly view: DistributedView;
    }
  | {
      readonly accepted: false;
      readonly label: string;
      readonly refused: readonly Reason[];
      readonly view: DistributedView;
    };

const post = async <T>(path: string, body: unknown): Promise<T> => {
  const response = await fetch(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  return (await response.json()) as T;
};

const isProblem = (body: unknown): body is Problem =>
  typeof body === 'object' && body !== null && 'error' in body;

const membersTable = (v: DistributedView) =>
  el(
    'table',
    { id: 'dag-members' },
    el(
      'tr',
      {},
      ['member', 'distributed role', 'availability mode', 'primary', 'copies'].map((h) =>
        el('th', {}, h),
      ),
    ),
    v.state.members.map((m) =>
      el(
        'tr',
        { 'data-member': m.name },
        el('td', {}, m.name),
        el('td', { class: 'role' }, m.role),
        el('td', { class: 'mode' }, m.availabilityMode),
        el('td', {}, m.primary ?? 'none'),
        el(
          'td',
          {},
          m.copies
            .map(
              (c) =>
                `${c.replica} ${c.database} ${c.lastHardenedLsn !== null ? `${c.synchronizationState ?? 'not joined'} ${c.lastHardenedLsn}` : c.restoredLsn !== null ? `RESTORING to ${c.restoredLsn} (not joined)` : 'not joined'}`,
            )
            .join('; '),
        ),
      ),
    ),
  );

const linkTable = (v: DistributedView) =>
  el(
    'table',
    { id: 'dag-link' },
    el(
      'tr',
      {},
      [
        'database',
        'link',
        'synchronization',
        'last_hardened_lsn (global primary)',
        'last_hardened_lsn (forwarder)',
      ].map((h) => el('th', {}, h)),
    ),
    v.state.link.databases.map((d) =>
      el(
        'tr',
        { 'data-database': d.database },
        el('td', {}, d.database),
        el(
          'td',
          {},
          `${v.state.link.from} → ${v.state.link.to}${v.state.link.connected ? '' : ' (disconnected)'}`,
        ),
        el('td', { class: 'sync' }, d.synchronizationState),
        el('td', {}, d.globalPrimaryLastHardenedLsn ?? 'unknown'),
        el(
          'td',
          {},
          d.forwarderLastHardenedLsn ??
            (d.forwarderRestoredLsn !== null
              ? `restored to ${d.forwarderRestoredLsn}, not joined`
              : 'no copy'),
        ),
      ),
    ),
  );

const readiness = (v: DistributedView) =>
  el(
    'div',
    { id: 'dag-readiness' },
    el(
      'p',
      {},
      'Failover to the secondary group: ',
      el('strong', { class: 'status' }, v.readiness.status),
    ),
    el(
      'ul',
      {},
      v.readiness.steps.map((s) =>
        el(
          'li',
          { 'data-step': s.step },
          yesNo(s.met, 'met', 'not met'),
          ` ${s.step}`,
          s.met ? null : reasonList(s.reasons),
        ),
      ),
    ),
    v.readiness.predictedLoss.length === 0
      ? null
      : el(
          'p',
          { class: 'loss' },
          `A failover now would lose: ${v.readiness.predictedLoss.join('; ')}`,
        ),
  );

const buttons = (v: DistributedView, onEvent: (o: Offered) => void) => {
  const groups = [...new Set(v.events.map((e) => e.group))];
  return groups.map((g) =>
    el(
      'details',
      { open: true, class: 'event-group' },
      el('summary', {}, g),
      v.events
        .filter((e) => e.group === g)
        .map((e) => {
          const b = el(
            'button',
            {
              type: 'button',
              'data-label': e.label,
              disabled: !e.possible,
              title: e.possible ? null : e.reasons.map((r) => r.message).join(' '),
            },
            e.label,
          );
          b.addEventListener('click', () => onEvent(e));
          return el(
            'div',
            { class: 'row' },
            b,
            e.possible
              ? null
              : el('span', { class: 'hint' }, e.reasons.map((r) => r.code).join(', ')),
          );
        }),
    ),
  );
};

const render = (v: DistributedView, onEvent: (o: Offered) => void, result: Node | null) => {
  const section = byId('distributed');
  section.hidden = false;
  document.body.dataset.mode = 'distributed';
  fill(byId('group-title'), `distributed group ${v.group}`);
  fill(
    byId('dag-body'),
    el(
      'p',
      { id: 'dag-roles' },
      'global primary ',
      el('strong', { class: 'global-primary' }, v.state.globalPrimary ?? 'none'),
      ', forwarder ',
      el('strong', { class: 'forwarder' }, v.state.forwarder ?? 'none'),
    ),
    membersTable(v),
    linkTable(v),
    readiness(v),
    el('div', { id: 'dag-result', role: 'status' }, result),
    el('div', { id: 'dag-events' }, buttons(v, onEvent)),
    el(
      'ol',
      { id: 'dag-trace', start: 0 },
      v.trace.map((t) =>
        el(
          'li',
          { 'data-index': t.index, 'aria-current': t.index === v.cursor ? 'step' : null },
          el('span', { class: 'label' }, t.label),
          t.observations.length === 0
            ? null
            : el(
                'ul',
                {},
                t.observations.map((o) => el('li', {}, o)),
              ),
        ),
      ),
    ),
  );
  fill(byId('status'), `${v.source}: step ${v.cursor} of ${v.trace.length - 1}`);
};

const onEvent = async (o: Offered): Promise<void> => {
  const answer = await post<DistributedEventAnswer | Problem>('/api/distributed/event', {
    event: o.event,
  });
  if (isProblem(answer)) {
    fill(byId('status'), answer.error);
    return;
  }
  render(
    answer.view,
    (e) => void onEvent(e),
    answer.accepted
      ? null
      : el('div', {}, el('strong', {}, `${answer.label}: refused`), reasonList(answer.refused)),
  );
};

/** Load a distributed group's scenario (a bundled example by name, or its JSON). */
export const loadDistributed = async (
  what: { readonly example: string } | { readonly json: string },
): Promise<Problem | null> => {
  const answer = await post<Wire<DistributedView> | Problem>('/api/distributed/load', what);
  if (isProblem(answer)) return answer;
  render(answer, (e) => void onEvent(e), null);
  return null;
};

/** Back to a single group: the distributed panel hides. */
export const leaveDistributed = (): void => {
  byId('distributed').hidden = true;
  delete document.body.dataset.mode;
};
