import { byId, el, fill, modelTime, reasonList } from './dom.js';
import type { Event, OfferedEvent, TraceItem } from './wire.js';

// The event buttons, grouped the way a DBA looks at a group: the group as a whole, each replica,
// each database copy. The server tried each event on the cluster at the cursor; a button the model
// would refuse is disabled and says why, in its tooltip and on a visible line beside it.

interface EventGroup {
  readonly key: string;
  readonly title: string;
  readonly rows: OfferedEvent[];
}

/** The replica an event is about: its `replica`, or a failover's `target`. */
const replicaOf = (e: Event): string | undefined =>
  'replica' in e ? e.replica : 'target' in e ? e.target : undefined;

const databaseOf = (e: Event): string | undefined =>
  'database' in e && typeof e.database === 'string' ? e.database : undefined;

/** Group-wide first, then each replica, then each copy, in the order the server offered them. */
export const groupEvents = (events: readonly OfferedEvent[]): EventGroup[] => {
  const groups = new Map<string, EventGroup>();
  const add = (key: string, title: string, row: OfferedEvent) => {
    const group = groups.get(key) ?? { key, title, rows: [] };
    group.rows.push(row);
    groups.set(key, group);
  };
  for (const row of events) {
    const replica = replicaOf(row.event);
    const database = databaseOf(row.event);
    if (replica !== undefined && database !== undefined)
      add(`copy:${database}:${replica}`, `${database} on ${replica}`, row);
    else if (replica !== undefined) add(`replica:${replica}`, `Replica ${replica}`, row);
    else if (database !== undefined) add(`database:${database}`, `Database ${database}`, row);
    else add('group', 'The group', row);
  }
  const rank = (key: string) =>
    key === 'group' ? 0 : key.startsWith('database:') ? 1 : key.startsWith('replica:') ? 2 : 3;
  return [...groups.values()].sort((a, b) => rank(a.key) - rank(b.key));
};

const eventRow = (offered: OfferedEvent, onEvent: (event: Event) => void) => {
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

/** Which groups the reader opened or closed: kept across redraws, keyed by the group. */
const opened = new Map<string, boolean>();

export const renderEvents = (
  events: readonly OfferedEvent[],
  onEvent: (e: Event) => void,
): void => {
  fill(
    byId('event-groups'),
    groupEvents(events).map((group) => {
      const possible = group.rows.filter((r) => r.possible).length;
      const details = el(
        'details',
        { class: 'event-group', 'data-group': group.key },
        el(
          'summary',
          {},
          el('span', { class: 'group-title' }, group.title),
          el('span', { class: 'count' }, ` ${possible} of ${group.rows.length} possible now`),
        ),
        group.rows.map((e) => eventRow(e, onEvent)),
      );
      // Copies start closed: a group of many databases would bury the replicas' own events.
      details.open = opened.get(group.key) ?? !group.key.startsWith('copy:');
      details.addEventListener('toggle', () => opened.set(group.key, details.open));
      return details;
    }),
  );
};

/** The step at the cursor: what its event did, or every reason it was refused. */
export const showStep = (item: TraceItem | undefined): void => {
  const box = byId('event-result');
  if (item === undefined) {
    fill(box);
    return;
  }
  fill(
    box,
    el('strong', {}, `Step ${item.index}: ${item.label}`),
    el('span', { class: 'at' }, ` at model time ${modelTime(item.atMs)}`),
    item.note !== null && el('p', { class: 'note' }, item.note),
    item.refused.length > 0
      ? el('div', { class: 'problems' }, 'refused:', reasonList(item.refused))
      : item.observations.length === 0
        ? el('p', {}, item.index === 0 ? 'the starting point' : 'nothing else observed')
        : el(
            'ul',
            { class: 'reasons' },
            item.observations.map((o) => el('li', {}, o)),
          ),
  );
};
