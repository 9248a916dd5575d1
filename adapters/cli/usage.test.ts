import { describe, expect, it } from 'vitest';
import { linesOf, run } from './test-support.js';

const COMMANDS = ['validate', 'explain', 'decide', 'simulate', 'check', 'chart', 'serve'];

describe('agstate without a command, help and usage errors', () => {
  it('prints help and exits 0 when run with no arguments', async () => {
    const r = await run([]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^Usage: agstate \[options\] \[command\]/);
    for (const c of COMMANDS) expect(r.stdout).toContain(`  ${c} `);
  });

  it('has help with examples and the exit codes for every command', async () => {
    for (const c of COMMANDS) {
      for (const argv of [
        [c, '--help'],
        ['help', c],
      ]) {
        const r = await run(argv);
        expect(r.code).toBe(0);
        expect(r.stdout).toContain(`Usage: agstate ${c}`);
        expect(r.stdout).toContain('Examples:');
        expect(r.stdout).toContain('Exit codes:');
        expect(r.stdout).toContain('2  bad input');
      }
    }
    expect((await run(['decide', '--help'])).stdout).toContain('agstate simulate');
  });

  it("prints agstate's version", async () => {
    const r = await run(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('0.0.0-test\n');
  });

  it.each([
    [['frobnicate'], "agstate: unknown command 'frobnicate' (see agstate --help)"],
    [
      ['validat'],
      "agstate: unknown command 'validat' (Did you mean validate?) (see agstate --help)",
    ],
    [
      ['validate'],
      "agstate validate: missing required argument 'config' (see agstate validate --help)",
    ],
    [
      ['validate', 'a.json', 'b.json'],
      "agstate validate: too many arguments for 'validate'. Expected 1 argument but got 2. (see agstate validate --help)",
    ],
    [
      ['decide', 'x.json', '--targt', 'A'],
      "agstate decide: unknown option '--targt' (Did you mean --target?) (see agstate decide --help)",
    ],
    [
      ['validate', 'x.sql', '--version', '2000'],
      "agstate validate: option '--version <year>' argument '2000' is invalid. expected a SQL Server version (2012, 2014, 2016, 2017, 2019, 2022, 2025), with its cumulative update if known: 2022 CU13, 2019 RTM (see agstate validate --help)",
    ],
    [
      ['simulate', 'x.json', '--version'],
      "agstate simulate: option '--version <year>' argument missing (see agstate simulate --help)",
    ],
    [['--json'], "agstate: unknown option '--json' (see agstate --help)"],
    [
      ['--'],
      'agstate: expected a command: validate, explain, decide, simulate, check, chart, serve (see agstate --help)',
    ],
    [
      ['help', 'nonsense'],
      'agstate: expected a command: validate, explain, decide, simulate, check, chart, serve (see agstate --help)',
    ],
  ])('%j is a usage error: exit 2, one line', async (argv, line) => {
    const r = await run(argv);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(linesOf(r.stderr)).toEqual([line]);
  });

  it('colours text only when the terminal takes colour', async () => {
    const plain = await run(['validate', 'examples/resync-three-replicas.json']);
    expect(plain.stdout).not.toContain('\u001b[');
    const coloured = await run(['validate', 'examples/resync-three-replicas.json'], {
      color: true,
    });
    expect(coloured.stdout).toContain('\u001b[32mvalid\u001b[39m');
    const jsonOutput = await run(['validate', 'examples/resync-three-replicas.json', '--json'], {
      color: true,
    });
    expect(jsonOutput.stdout).not.toContain('\u001b[');
  });

  it('turns a defect into exit 3 with one line, never a stack trace', async () => {
    const r = await run(['validate', 'examples/resync-three-replicas.json'], {
      stdout: () => {
        throw new TypeError('cannot write\n    at somewhere (file.js:1:1)');
      },
    });
    expect(r.code).toBe(3);
    expect(linesOf(r.stderr)).toEqual([
      'agstate: internal error: cannot write at somewhere (file.js:1:1)',
    ]);
  });

  it('reports a visualizer that fails to start as its own one-line failure', async () => {
    const r = await run(['serve'], {
      serve: () => {
        throw new TypeError('boom\n    at somewhere');
      },
    });
    expect(r.code).toBe(2);
    expect(linesOf(r.stderr)).toEqual(['agstate serve: boom at somewhere']);
  });
});
