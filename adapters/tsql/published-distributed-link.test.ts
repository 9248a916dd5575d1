import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { judgeConfig } from '../../core/validation/validate.js';
import { configsAfterScript } from './configs-after.js';
import { readScriptReport } from './script.js';

/*
 * Microsoft's cmdlet New-MiLink (microsoft/Azure-Managed-Instance-Link, cmdlets/sqlserver/
 * New-MiLink.ps1) creates the Managed Instance link's distributed group on SQL Server with the
 * managed instance's member at "tcp://${miFQDN}:5022;Server=[$ManagedInstanceName]", after checking
 * that the build is at least 15.0.4198.2 ("introduced in CU15 of SQL Server 2019"). "Configure link
 * with scripts" writes the same form. SQL Server runs it: it is no invalid URL.
 */
const name = 'ms-milink-cmdlet.sql';
const text = readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

const dag = (version: 2019 | 2022) => {
  const report = readScriptReport(text, { version, fileName: name });
  expect(report.errors).toEqual([]);
  const found = configsAfterScript(report.script).find((a) => a.config.name === 'DAG_test2');
  return judgeConfig(found!.config);
};

describe('the Managed Instance link created by New-MiLink', () => {
  it('is a valid distributed group on SQL Server 2022', () => {
    expect(dag(2022)).toEqual({ violations: [], unknown: [] });
  });

  it('on SQL Server 2019 the link URL is unknown (CU15 or later takes it), not invalid', () => {
    const judged = dag(2019);
    expect(judged.violations).toEqual([]);
    expect(judged.unknown.map((r) => r.code)).toEqual(['LINK_LISTENER_URL_BUILD_UNKNOWN']);
  });
});
