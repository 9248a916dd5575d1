import { type Reason, reason, source } from '../model/source.js';

/**
 * ALTER DATABASE … SET HADR AVAILABILITY GROUP run again on a secondary whose copy of the database
 * has already joined the group: SQL Server answers with message 41145, severity 10, "Cannot join
 * database '%.*ls' to availability group '%.*ls'. The database has already joined the availability
 * group. This is an informational message. No user action is required." (S135). The statement
 * changes nothing: the copy stays joined as the earlier join left it, so this is a warning of the
 * script, not a violation.
 */
export const databaseJoinedAlready = (
  group: string,
  replica: string,
  database: string,
  where: string,
): Reason =>
  reason(
    'DATABASE_ALREADY_JOINED',
    `${database} on ${replica} has already joined ${group} (${where}): SQL Server answers this SET HADR AVAILABILITY GROUP with message 41145 (severity 10), "Cannot join database '${database}' to availability group '${group}'. The database has already joined the availability group. This is an informational message. No user action is required.", and changes nothing; the copy goes on as the earlier join left it`,
    source(
      'S135',
      '41145 (severity 10): "Cannot join database … The database has already joined the availability group. This is an informational message. No user action is required."',
    ),
  );
