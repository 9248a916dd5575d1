import { byId, el, fill, reasonList, yesNo } from './dom.js';

// The cluster panel and the decisions, both read from the view at the trace's cursor.

const seconds = (ms) => `${ms / 1000} s`;

export const renderCluster = (view) => {
  const g = view.group;
  fill(byId('group-title'), `· ${g.name}`);
  fill(
    byId('group-state'),
    `${g.name} (SQL Server ${g.version}): service ${g.service}, quorum ${g.quorum}, primary ${g.primary ?? 'none'}, synchronization health ${g.synchronizationHealth ?? 'unknown'}, model time ${seconds(g.nowMs)}`,
  );
  fill(
    byId('replicas'),
    el(
      'thead',
      {},
      el(
        'tr',
        {},
        [
          'replica',
          'role',
          'instance',
          'connected',
          'synchronization health',
          'availability mode',
          'failover mode',
        ].map((h) => el('th', {}, h)),
      ),
    ),
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
          el('td', {}, r.synchronizationHealth ?? 'unknown'),
          el('td', {}, r.availabilityMode),
          el('td', {}, r.failoverMode),
        ),
      ),
    ),
  );
  fill(
    byId('copies'),
    el(
      'thead',
      {},
      el(
        'tr',
        {},
        [
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
        ].map((h) => el('th', {}, h)),
      ),
    ),
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

const verdictCell = (verdict) =>
  el(
    'td',
    {},
    yesNo(verdict.allowed, 'allowed', 'refused'),
    verdict.reasons.length > 0 && reasonList(verdict.reasons),
  );

const lossText = (loss) =>
  loss.extent === 'wholeDatabase'
    ? `${loss.database}: not joined on the target, every commit of it lost`
    : loss.acknowledgedLost === null
      ? `${loss.database}: ${loss.extent === 'none' ? 'nothing lost' : loss.extent === 'log' ? `log after LSN ${loss.lsnRange.afterLsn} lost` : 'unknown'}`
      : loss.acknowledgedLost.length === 0
        ? `${loss.database}: no acknowledged commit lost`
        : `${loss.database}: loses ${loss.acknowledgedLost.map((r) => `LSN ${r.fromLsn} to ${r.toLsn}`).join(', ')}`;

const failoverPanel = (failover) =>
  el(
    'div',
    { class: 'decision' },
    el('h3', {}, 'Failover'),
    el(
      'p',
      {},
      `If the primary failed now, automatic failover would go to: ${failover.automaticTarget ?? 'no replica'}`,
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
            el('th', {}, h),
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
            el(
              'td',
              {},
              t.forcedLoss.map((l) => el('div', {}, lossText(l))),
            ),
          ),
        ),
      ),
    ),
  );

const commitPanel = (commit) =>
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

const backupPanel = (backup) =>
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
          `${b.database}: ${b.preferred.replicas.length > 0 ? b.preferred.replicas.join(', ') : 'no replica qualifies'}`,
        ),
        b.preferred.reasons.length > 0 && reasonList(b.preferred.reasons),
      ),
    ),
  );

const connectionText = (c) =>
  c.outcome === 'refused' ? 'refused' : `${c.outcome} to ${c.replica ?? 'unknown'}`;

const routingPanel = (routing) =>
  el(
    'div',
    { class: 'decision' },
    el('h3', {}, 'Listener connections'),
    el('p', {}, `read-write: ${connectionText(routing.readWrite)}`),
    routing.readWrite.reasons.length > 0 && reasonList(routing.readWrite.reasons),
    el('p', {}, `read-only: ${connectionText(routing.readOnly)}`),
    routing.readOnly.reasons.length > 0 && reasonList(routing.readOnly.reasons),
  );

const actionsPanel = (actions, tsql) =>
  el(
    'div',
    { class: 'decision' },
    el('h3', {}, 'What you can do now (T-SQL)'),
    actions.length === 0
      ? el('p', {}, 'nothing to do')
      : actions.map((a, i) => el('div', {}, reasonList(a.why), el('pre', {}, tsql[i] ?? ''))),
  );

export const renderDecisions = (decisions, tsql = []) => {
  fill(
    byId('decision-panels'),
    actionsPanel(decisions.actions, tsql),
    failoverPanel(decisions.failover),
    commitPanel(decisions.commit),
    backupPanel(decisions.backup),
    routingPanel(decisions.routing),
  );
};
