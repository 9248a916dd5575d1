import type { Config } from '../model/config.js';
import { type Reason, reason, source, unknownReason } from '../model/source.js';
import { sameName } from '../rules/facts-access.js';
import { parseLinkUrl } from '../validation/urls.js';

const oneDatabaseRule = source(
  'S83',
  'Managed Instance link feature overview, Limitations (configuration): only one database can be placed into a single availability group for one Managed Instance link',
);

const multipleDatabaseRule = source(
  'S206',
  'Supportability; Enable multiple-database link mode: SQL Server 2022 CU27 or SQL Server 2025 CU9 and later, sys.sp_multidb_milink enabled on every SQL Server replica, the link created with link mode MultiDatabase; SQL Server 2019 and earlier not supported',
);

/**
 * A Managed Instance link whose SQL Server group holds more than one database, as the script leaves
 * it (with the CREATE's databases or ones added later). A link replicates one database (S83: "Only
 * one database can be placed into a single availability group for one Managed Instance link"),
 * unless it runs in multiple-database link mode, which needs SQL Server 2022 CU27 or 2025 CU9 and
 * later, `EXEC sys.sp_multidb_milink 1` on every replica, and the link created as MultiDatabase
 * (S206). Before SQL Server 2022 that mode does not exist, so it breaks the limitation; from 2022
 * the script says neither the build nor the setting nor the link's mode, so it is unknown.
 */
export const linkDatabaseFindings = (
  config: Config,
  memberConfigs: readonly Config[],
): readonly Reason[] => {
  if (!config.members.some((m) => parseLinkUrl(m.listenerUrl) !== undefined)) return [];
  return config.members.flatMap((m) => {
    if (parseLinkUrl(m.listenerUrl) !== undefined) return [];
    const group = memberConfigs.find((c) => c.kind !== 'DISTRIBUTED' && sameName(c.name, m.name));
    if (group === undefined || group.databases.length < 2) return [];
    const held = `${config.name} is a Managed Instance link, and its SQL Server group ${group.name} holds ${group.databases.length} databases (${group.databases.join(', ')})`;
    if (group.version < 2022)
      return [
        reason(
          'LINK_GROUP_MULTIPLE_DATABASES',
          `${held}: only one database can be placed into a single availability group for one Managed Instance link, and SQL Server ${group.version} has no multiple-database link mode (SQL Server 2019 and earlier aren't supported for it); give each database its own availability group and link`,
          oneDatabaseRule,
        ),
      ];
    return [
      unknownReason(
        'LINK_MULTIPLE_DATABASES_UNKNOWN',
        `${held}: a link in single-database mode replicates one database, and only one database can be placed into its availability group; more than one needs multiple-database link mode (preview), which SQL Server ${group.version} has only from ${group.version === 2022 ? 'CU27' : 'CU9'} and only where EXEC sys.sp_multidb_milink 1 has been run on every SQL Server replica of ${group.name} and the link was created with link mode MultiDatabase naming every database of the group; the script shows neither the build, the setting, nor the link's mode`,
        multipleDatabaseRule,
        [
          `SERVERPROPERTY('ProductVersion') on every replica of ${group.name}`,
          `EXEC sys.sp_multidb_milink; on every replica of ${group.name} (1: enabled)`,
          `the link's mode on the managed instance (MultiDatabase, as New-AzSqlInstanceLink -LinkMode or az sql mi link create --link-mode sets it)`,
        ],
      ),
    ];
  });
};
