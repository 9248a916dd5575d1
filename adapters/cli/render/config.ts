import type { Explanation } from '../../../core/decide/explain.js';
import type { Config } from '../../../core/model/config.js';
import type { Reason } from '../../../core/model/source.js';
import { list, reasonsLines, type Style } from './style.js';

/** One line that says which group a file holds. */
export const configSummary = (c: Config): string =>
  c.kind === 'DISTRIBUTED'
    ? `${c.name} (SQL Server ${c.version}, distributed availability group of ${list(c.members.map((m) => `${m.name} ${m.availabilityMode}`))})`
    : `${c.name} (SQL Server ${c.version}, CLUSTER_TYPE ${c.clusterType}, replicas ${list(c.replicas.map((r) => r.name))}; databases ${list(c.databases)})`;

export const violationsLines = (style: Style, violations: readonly Reason[]): string[] =>
  violations.length === 0
    ? [`  ${style.good('none')}`]
    : reasonsLines(style, violations, '  ').map((l) => (l.startsWith('  - ') ? style.bad(l) : l));

export const explanationLines = (style: Style, c: Config, x: Explanation): string[] => [
  style.bold(configSummary(c)),
  '',
  style.bold('Violations of documented rules'),
  ...violationsLines(style, x.violations),
  '',
  ...(x.unknown.length === 0
    ? []
    : [
        style.bold('Not settled by the input'),
        ...reasonsLines(style, x.unknown, '  ').map((l) =>
          l.startsWith('  - ') ? style.warn(l) : l,
        ),
        '',
      ]),
  style.bold('Failover between replicas (when the target is synchronized)'),
  ...x.pairs.flatMap((p) => [
    `  ${style.name(p.primary)} -> ${style.name(p.target)}: ${p.forms.join(', ')}`,
    ...reasonsLines(style, p.reasons, '    '),
  ]),
  '',
  style.bold('Automatic failover'),
  ...reasonsLines(style, x.automaticFailover, '  '),
  '',
  style.bold('Data loss'),
  ...reasonsLines(style, x.dataLoss, '  '),
  '',
  style.bold('Commits'),
  ...reasonsLines(style, x.commits, '  '),
];
