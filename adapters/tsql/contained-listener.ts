import type { ConfigAfterScript } from './configs-after.js';

/** A contained group the script leaves with no listener. */
export interface ContainedWithoutListener {
  readonly line: number;
  readonly column: number;
  readonly text: string;
}

/**
 * A CONTAINED group that, as the script leaves it, has no listener (no LISTENER clause in its
 * CREATE, no ALTER … ADD LISTENER after it). 'What is a contained availability group?' (S42),
 * Connect (contained environment): "You must create a listener for the contained AG to effectively
 * use a contained AG. If you connect to one of the instances hosting the contained AG rather than
 * directly to the contained AG through the listener, you're in the environment of the instance, and
 * not the contained AG." SQL Server accepts the group; the listener may be made outside the script
 * (a wizard, PowerShell), so this is a warning, at the CREATE.
 */
export const containedWithoutListener = (
  groups: readonly ConfigAfterScript[],
): readonly ContainedWithoutListener[] =>
  groups.flatMap(({ config, statements }) => {
    const created = statements[0];
    if (config.kind !== 'CONTAINED' || config.listener !== null || created === undefined) return [];
    return [
      {
        line: created.line,
        column: created.column,
        text: `${config.name} is a contained availability group and the script creates no listener for it (no LISTENER in its CREATE, no ALTER AVAILABILITY GROUP [${config.name}] ADD LISTENER): 'What is a contained availability group?' (S42), "You must create a listener for the contained AG to effectively use a contained AG. If you connect to one of the instances hosting the contained AG rather than directly to the contained AG through the listener, you're in the environment of the instance, and not the contained AG"; until one exists, logins and jobs made on a connection to an instance go to that instance's master and msdb, not to ${config.name}_master and ${config.name}_msdb, and do not follow the group when it fails over (the page's one other way in: "connect to a database that is in the contained AG", as a connection's initial database; sys.availability_group_listeners shows a listener made outside the script)`,
      },
    ];
  });
