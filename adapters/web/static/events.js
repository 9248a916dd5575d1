import { byId, el, fill, reasonList } from './dom.js';

// The event buttons. The server tried each event on the current cluster; a button the model
// would refuse is disabled and says why, in its tooltip and on a visible line beside it.

const GROUPS = [
  ['workload', 'Workload and time'],
  ['replicas', 'Replicas'],
  ['log', 'Log movement'],
  ['failover', 'Failover'],
  ['databases', 'Data movement'],
  ['seeding', 'Preparing secondaries and seeding'],
  ['health', 'Health of the primary (flexible failover policy)'],
  ['cluster', 'Cluster quorum'],
];

const eventRow = (offered, onEvent) => {
  const why = offered.reasons.map((r) => r.message).join('; ');
  const button = el(
    'button',
    { type: 'button', disabled: !offered.possible, title: offered.possible ? false : why },
    offered.label,
  );
  button.addEventListener('click', () => onEvent(offered.event));
  return el(
    'div',
    { class: 'event', 'data-possible': String(offered.possible) },
    button,
    el('span', { class: 'why' }, offered.possible ? '' : why),
  );
};

export const renderEvents = (events, onEvent) => {
  fill(
    byId('event-groups'),
    GROUPS.map(([group, title]) => {
      const rows = events.filter((e) => e.group === group);
      return rows.length === 0
        ? null
        : el(
            'div',
            { class: 'event-group' },
            el('h3', {}, title),
            rows.map((e) => eventRow(e, onEvent)),
          );
    }),
  );
};

/** What the last event did: its observations, or every reason it was refused. */
export const showEventResult = (result) => {
  const box = byId('event-result');
  if (result === null) {
    fill(box);
    return;
  }
  if (result.accepted) {
    fill(
      box,
      el('strong', {}, result.label),
      result.observations.length === 0
        ? el('p', {}, 'nothing else observed')
        : el(
            'ul',
            { class: 'reasons' },
            result.observations.map((o) => el('li', {}, o)),
          ),
    );
  } else {
    fill(box, el('strong', {}, `${result.label}: refused`), reasonList(result.refused));
  }
};
