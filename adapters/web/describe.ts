import type { Observation } from '../../core/cluster/observation.js';
import type { ClusterEvent } from '../../core/model/events.js';

/** Short sentences for the trace and the buttons; names stay data, the page renders them as text. */

export const eventLabel = (e: ClusterEvent): string => {
  switch (e.type) {
    case 'db.commit':
      return `commit ${e.count ?? 1} on ${e.database}`;
    case 'log.ship':
    case 'log.harden':
    case 'log.redo': {
      const verb = { 'log.ship': 'ship', 'log.harden': 'harden', 'log.redo': 'redo' }[e.type];
      return `${verb} log to ${e.replica}${e.database === undefined ? '' : ` (${e.database})`}`;
    }
    case 'replica.crash':
      return `crash ${e.replica}`;
    case 'replica.restart':
      return `restart ${e.replica}`;
    case 'replica.disconnect':
      return `disconnect ${e.replica}`;
    case 'replica.reconnect':
      return `reconnect ${e.replica}`;
    case 'time.advance':
      return `advance time ${e.ms / 1000} s`;
    case 'ag.failover':
      return `planned failover to ${e.target}`;
    case 'ag.forceFailover':
      return `forced failover to ${e.target}`;
    case 'db.suspend':
      return `suspend ${e.database} on ${e.replica}`;
    case 'db.resume':
      return `resume ${e.database} on ${e.replica}`;
    case 'quorum.lost':
      return 'quorum lost';
    case 'quorum.regained':
      return 'quorum regained';
    case 'quorum.force':
      return `force quorum on ${e.replica}`;
    case 'health.signal':
      return `${e.condition}${e.database === undefined ? '' : ` (${e.database})`}${e.durationMs === undefined ? '' : ` for ${e.durationMs / 1000} s`} on ${e.replica}`;
    case 'db.backup':
      return `back up ${e.database} (${e.backupType}) on ${e.replica}`;
    case 'db.restore':
      return `restore ${e.database} on ${e.replica} from ${e.file} WITH NORECOVERY`;
    case 'db.join':
      return `join ${e.database} on ${e.replica}`;
    case 'db.leave':
      return `remove ${e.database} on ${e.replica} from the group (SET HADR OFF)`;
    case 'replica.grantCreateDatabase':
      return `grant CREATE ANY DATABASE on ${e.replica}`;
    case 'replica.denyCreateDatabase':
      return `deny CREATE ANY DATABASE on ${e.replica}`;
    case 'replica.setSeedingMode':
      return `SEEDING_MODE = ${e.mode} on ${e.replica}`;
    case 'seeding.progress':
      return `seeding of ${e.database} to ${e.replica} ${e.bytes === undefined ? 'completes' : `moves ${e.bytes} bytes`}`;
    case 'seeding.fail':
      return `seeding of ${e.database} to ${e.replica} fails`;
    default:
      return 'replica' in e ? `${e.type} ${e.replica}` : e.type;
  }
};

const range = (from: bigint, to: bigint): string => `LSN ${from} to ${to}`;

export const observationText = (o: Observation): string => {
  switch (o.type) {
    case 'commit.acknowledged':
      return `${o.database}: commits after ${range(o.fromLsn, o.toLsn)} acknowledged (hardened on ${o.hardenedOn.join(', ')})`;
    case 'commit.pending':
      return `${o.database}: commit at LSN ${o.lsn} waits for ${o.waitingFor.join(', ')}`;
    case 'commit.abandoned':
      return `${o.database}: commits after ${range(o.fromLsn, o.toLsn)} abandoned`;
    case 'failover.completed': {
      const lost = o.lost.flatMap((l) =>
        l.ranges.map((r) => `${l.database} ${range(r.fromLsn, r.toLsn)}`),
      );
      return `${o.form} failover ${o.from ?? '(no primary)'} → ${o.to}${lost.length === 0 ? '' : `; acknowledged commits lost: ${lost.join(', ')}`}`;
    }
    case 'failover.notPossible':
      return `no failover: ${o.reasons.map((r) => r.message).join('; ')}`;
    case 'replica.disconnected':
      return `${o.replica} disconnected: ${o.reason.message}`;
    case 'replica.connected':
      return `${o.replica} connected`;
    case 'state.changed':
      return `${o.entity}: ${o.from} → ${o.to}`;
    case 'page.repaired':
      return `page ${o.page} of ${o.database} on ${o.replica} repaired from ${o.from}`;
    case 'page.unrepaired':
      return `page ${o.page} of ${o.database} on ${o.replica} not repaired: ${o.reasons.map((r) => r.message).join('; ')}`;
    case 'errorlog':
      return `SQL Server Log on ${o.server}: ${o.message}`;
    case 'xevent':
      return `${o.name} on ${o.server} (${Object.entries(o.fields)
        .map(([k, v]) => `${k}=${v === null ? 'NULL' : String(v)}`)
        .join(', ')})`;
    case 'replica.stateChanged':
      return `SQL Server Log on ${o.server} at ${o.atMs} ms: the local replica state changed from ${o.from} to ${o.to}`;
    case 'note':
      return o.reason.message;
  }
};
