import { byId, el, fill, modelTime, yesNo } from './dom.js';
import type { View } from './wire.js';

// The cluster at the trace's cursor: the group, every replica, every database copy.

const headings = (names: readonly string[]) =>
  el(
    'thead',
    {},
    el(
      'tr',
      {},
      names.map((h) => el('th', { scope: 'col' }, h)),
    ),
  );

export const renderCluster = (view: View): void => {
  const g = view.group;
  fill(byId('group-title'), `· ${g.name}`);
  fill(
    byId('group-state'),
    `${g.name} (SQL Server ${g.version}): service ${g.service}, quorum ${g.quorum}, primary ${g.primary ?? 'none'}, synchronization health ${g.synchronizationHealth ?? 'unknown'}, model time ${modelTime(g.nowMs)}`,
  );
  fill(
    byId('replicas'),
    headings([
      'replica',
      'role',
      'instance',
      'connected',
      'local state',
      'recovery health',
      'synchronization health',
      'availability mode',
      'failover mode',
    ]),
    el(
      'tbody',
      {},
      view.replicas.map((r) =>
        el(
          'tr',
          { 'data-replica': r.name },
          el('th', { scope: 'row' }, r.name),
          el('td', { class: 'role' }, r.role ?? 'unknown'),
          el('td', {}, r.up === null ? 'unknown' : yesNo(r.up, 'up', 'down')),
          el('td', {}, r.connected ?? 'unknown'),
          el('td', {}, r.localState ?? 'unknown'),
          el('td', {}, r.recoveryHealth ?? 'NULL'),
          el('td', {}, r.synchronizationHealth ?? 'unknown'),
          el('td', {}, r.availabilityMode),
          el('td', {}, r.failoverMode),
        ),
      ),
    ),
  );
  fill(
    byId('copies'),
    headings([
      'database',
      'replica',
      'synchronization',
      'health',
      'suspended',
      'failover ready',
      'received LSN',
      'hardened LSN',
      'redone LSN',
      'last commit LSN',
    ]),
    el(
      'tbody',
      {},
      view.copies.map((c) =>
        el(
          'tr',
          { 'data-replica': c.replica, 'data-database': c.database },
          el('th', { scope: 'row' }, c.database),
          el('td', {}, c.replica),
          el('td', {}, c.phase === 'JOINED' ? (c.synchronizationState ?? 'unknown') : c.phase),
          el('td', {}, c.synchronizationHealth ?? 'none'),
          el('td', {}, c.suspended ? `yes (${c.suspendReason ?? 'no reason'})` : 'no'),
          el('td', {}, yesNo(c.failoverReady)),
          el('td', { class: 'lsn' }, c.receivedLsn),
          el('td', { class: 'lsn' }, c.hardenedLsn),
          el('td', { class: 'lsn' }, c.redoneLsn),
          el('td', { class: 'lsn' }, c.lastCommitLsn ?? 'NULL'),
        ),
      ),
    ),
  );
};
