import type { Config, Replica } from '../model/config.js';
import type { ReplicaOptionsPatch } from '../model/events.js';
import { type Reason, reason, source } from '../model/source.js';
import { sameName } from '../rules/facts-access.js';
import { lifecycleReason } from './codes.js';

/**
 * GRANT CREATE ANY DATABASE run on a configuration-only replica's instance: SQL Server refuses it,
 * "Database engine events and errors (41400 to 49999)" (S111), Msg 47111: "Local availability
 * replica for availability group '%.*ls' cannot be granted permission to create databases. The
 * replica is a configuration-only and cannot host databases inside the availability group."
 */
export const grantOnConfigurationOnly = (config: Config, replica: string): Reason | null => {
  const r = config.replicas.find((x) => sameName(x.name, replica));
  return r?.availabilityMode === 'CONFIGURATION_ONLY'
    ? lifecycleReason(
        'CONFIGURATION_ONLY_NO_CREATE_DATABASE',
        `${r.name} is the configuration-only replica of ${config.name}: SQL Server refuses GRANT CREATE ANY DATABASE there (Msg 47111, "The replica is a configuration-only and cannot host databases inside the availability group"); it holds no copy of ${config.name}'s databases to seed, and JOIN is all its instance runs`,
      )
    : null;
};

/** The MODIFY REPLICA options a patch sets, by their Transact-SQL names. */
const OPTION_NAMES: Readonly<Record<keyof ReplicaOptionsPatch, string>> = {
  endpointUrl: 'ENDPOINT_URL',
  availabilityMode: 'AVAILABILITY_MODE',
  failoverMode: 'FAILOVER_MODE',
  seedingMode: 'SEEDING_MODE',
  backupPriority: 'BACKUP_PRIORITY',
  sessionTimeout: 'SESSION_TIMEOUT',
  secondaryRole: 'SECONDARY_ROLE',
  primaryRole: 'PRIMARY_ROLE',
};

/**
 * A MODIFY REPLICA of a configuration-only replica that sets anything but SESSION_TIMEOUT:
 * "Database engine events and errors (41400 to 49999)" (S111), Msg 47112: "Only the
 * SESSION_TIMEOUT property can be modified for a configuration-only replica."
 */
export const configurationOnlyOptionsRefusal = (
  config: Config,
  replica: string,
  patch: ReplicaOptionsPatch,
): Reason | null => {
  const current = config.replicas.find((r) => sameName(r.name, replica));
  if (current?.availabilityMode !== 'CONFIGURATION_ONLY') return null;
  const keys = Object.keys(OPTION_NAMES) as (keyof ReplicaOptionsPatch)[];
  const others = keys.filter((k) => k !== 'sessionTimeout' && patch[k] !== undefined);
  if (others.length === 0) return null;
  return reason(
    'CONFIGURATION_ONLY_NOT_MODIFIABLE',
    `${current.name} is a configuration-only replica: SQL Server refuses MODIFY REPLICA of ${others.map((k) => OPTION_NAMES[k]).join(', ')} there (Msg 47112, "Only the SESSION_TIMEOUT property can be modified for a configuration-only replica") and the replica keeps its settings`,
    source(
      'S111',
      'Msg 47112: only SESSION_TIMEOUT can be modified for a configuration-only replica',
    ),
  );
};

/**
 * ADD REPLICA of a second configuration-only replica: SQL Server refuses the statement, "Database
 * engine events and errors (41400 to 49999)" (S111), Msg 47107: "The %ls operation is not allowed
 * by the current availability group configuration. The availability group '%.*ls' only supports
 * one relica which has configuration-only availability mode." The group keeps its replicas, so a
 * REMOVE of the old configuration-only replica after it leaves none.
 */
export const secondConfigurationOnlyRefusal = (config: Config, spec: Replica): Reason | null => {
  if (spec.availabilityMode !== 'CONFIGURATION_ONLY') return null;
  const held = config.replicas.find(
    (r) => r.availabilityMode === 'CONFIGURATION_ONLY' && !sameName(r.name, spec.name),
  );
  if (held === undefined) return null;
  return reason(
    'MULTIPLE_CONFIGURATION_ONLY_REPLICAS',
    `${config.name} already has the configuration-only replica ${held.name}: SQL Server refuses ADD REPLICA of ${spec.name} with AVAILABILITY_MODE = CONFIGURATION_ONLY (Msg 47107, "The availability group '${config.name}' only supports one relica which has configuration-only availability mode") and ${spec.name} is not added; remove ${held.name} first, then add ${spec.name}`,
    source('S111', 'Msg 47107: an availability group supports one configuration-only replica'),
  );
};

/**
 * ALTER DATABASE … SET HADR AVAILABILITY GROUP on a configuration-only replica's instance: the
 * replica "does not contain the user databases in the availability group" (S29, two synchronous
 * replicas and a configuration only replica); CREATE AVAILABILITY GROUP (S4), CONFIGURATION_ONLY:
 * "The replica will not contain user data." No restore makes it a secondary database.
 */
export const joinOnConfigurationOnly = (
  config: Config,
  replica: string,
  database: string,
): Reason | null => {
  const r = config.replicas.find((x) => sameName(x.name, replica));
  return r?.availabilityMode === 'CONFIGURATION_ONLY'
    ? lifecycleReason(
        'CONFIGURATION_ONLY_REPLICA',
        `${r.name} is the configuration-only replica of ${config.name}: it holds no copy of the group's databases ("The replica will not contain user data"), so ${database} cannot be joined there, restored or not; its instance runs JOIN of the group and nothing more`,
      )
    : null;
};
