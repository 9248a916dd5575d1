import type { Config } from '../model/config.js';
import type { Reason } from '../model/source.js';
import { lifecycleReason } from './codes.js';

/**
 * GRANT CREATE ANY DATABASE run on a configuration-only replica's instance: SQL Server refuses it,
 * "Database engine events and errors (41400 to 49999)" (S111), Msg 47111: "Local availability
 * replica for availability group '%.*ls' cannot be granted permission to create databases. The
 * replica is a configuration-only and cannot host databases inside the availability group."
 */
export const grantOnConfigurationOnly = (config: Config, replica: string): Reason | null => {
  const r = config.replicas.find((x) => x.name.toLowerCase() === replica.toLowerCase());
  return r?.availabilityMode === 'CONFIGURATION_ONLY'
    ? lifecycleReason(
        'CONFIGURATION_ONLY_NO_CREATE_DATABASE',
        `${r.name} is the configuration-only replica of ${config.name}: SQL Server refuses GRANT CREATE ANY DATABASE there (Msg 47111, "The replica is a configuration-only and cannot host databases inside the availability group"); it holds no copy of ${config.name}'s databases to seed, and JOIN is all its instance runs`,
      )
    : null;
};
