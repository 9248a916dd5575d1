import { describe, expect, it } from 'vitest';
import { MACHINE_NAMES } from '../../core/machines/registry.js';
import { chartFormats } from '../chart/render.js';
import { scxmlProblems, xmlProblems } from '../chart/well-formed.js';
import { CHART_FORMATS } from './options.js';
import { linesOf, result, run } from './test-support.js';

describe('agstate chart', () => {
  it('offers exactly the formats the chart adapter renders', () => {
    expect([...CHART_FORMATS]).toEqual([...chartFormats]);
  });

  it('draws one machine in Mermaid by default', async () => {
    const r = await run(['chart', 'replica']);
    expect(r.code).toBe(0);
    expect(linesOf(r.stdout)[0]).toBe('stateDiagram-v2');
    expect(r.stdout).toContain('replica.crash');
  });

  it('draws every machine as one DOT document when none is named, each machine a cluster', async () => {
    const r = await run(['chart', '--format', 'dot']);
    expect(r.code).toBe(0);
    expect(r.stdout.match(/^digraph /gm)).toHaveLength(1);
    for (const name of MACHINE_NAMES) expect(r.stdout).toContain(`subgraph "cluster_${name}"`);
    // Graphviz reads it as one graph: a second document would make the layout fail.
    const svg = await run(['chart', '--format', 'svg']);
    expect(svg.code).toBe(0);
    expect(xmlProblems(svg.stdout)).toEqual([]);
    expect(svg.stdout.match(/<svg\b/g)).toHaveLength(1);
    for (const name of MACHINE_NAMES) expect(svg.stdout).toContain(`data-state-id="${name}"`);
  });

  it('draws every machine as one SCXML document whose root runs them in parallel', async () => {
    const r = await run(['chart', '--format', 'scxml']);
    expect(r.code).toBe(0);
    expect(scxmlProblems(r.stdout)).toEqual([]);
    expect(r.stdout.match(/<scxml\b/g)).toHaveLength(1);
    expect(r.stdout).toContain('<parallel id="agstate">');
    for (const name of MACHINE_NAMES)
      expect(r.stdout).toMatch(new RegExp(`<(state|parallel) id="${name}"`));
  });

  it('writes one file per machine into --out DIR', async () => {
    const r = await run(['chart', '--format', 'scxml', '--out', 'charts']);
    expect(r.code).toBe(0);
    expect(Object.keys(r.written)).toEqual(MACHINE_NAMES.map((m) => `charts/${m}.scxml`));
    for (const text of Object.values(r.written)) expect(scxmlProblems(text)).toEqual([]);
    expect(linesOf(r.stdout)).toEqual(MACHINE_NAMES.map((m) => `wrote charts/${m}.scxml`));
  });

  it('lists every machine in its help', async () => {
    const r = await run(['chart', '--help']);
    expect(r.code).toBe(0);
    for (const name of MACHINE_NAMES) expect(r.stdout).toContain(name);
  });

  it('writes SCXML and SVG documents', async () => {
    const scxml = await run(['chart', 'databaseReplica', '--format', 'scxml']);
    expect(scxml.stdout).toMatch(/^<\?xml[^>]*>\s*<scxml /);
    const svg = await run(['chart', 'databaseReplica', '--format', 'svg']);
    expect(svg.code).toBe(0);
    expect(svg.stdout).toContain('<svg');
  });

  it('keeps several JSON graphs one document, keyed by machine', async () => {
    const r = await run(['chart', '--format', 'json']);
    expect(r.code).toBe(0);
    expect(Object.keys(JSON.parse(r.stdout) as object)).toEqual([...MACHINE_NAMES]);
  });

  it('gives programs the charts as strings in one JSON document', async () => {
    const r = await run(['chart', 'availabilityGroup', '--format', 'mermaid', '--json']);
    expect(r.code).toBe(0);
    const doc = result(r) as unknown as {
      format: string;
      charts: { machine: string; chart: string }[];
    };
    expect(doc.format).toBe('mermaid');
    expect(doc.charts.map((c) => c.machine)).toEqual(['availabilityGroup']);
    expect(doc.charts[0]?.chart.startsWith('stateDiagram-v2')).toBe(true);
  });

  it('refuses an unknown machine or format on one line', async () => {
    const machine = await run(['chart', 'cluster']);
    expect(machine.code).toBe(2);
    expect(machine.stderr).toBe(
      `agstate chart: machine: no machine is named "cluster"; expected one of ${MACHINE_NAMES.join(', ')}\n`,
    );
    const format = await run(['chart', '--format', 'png']);
    expect(format.code).toBe(2);
    expect(linesOf(format.stderr)).toHaveLength(1);
    expect(format.stderr).toContain('Allowed choices are mermaid, dot, scxml, json, svg');
  });
});
