import type { ChildProcessWithoutNullStreams } from 'node:child_process';

/** The address an `agstate serve` child process prints once it listens; rejects if it stops first. */
export const servedUrl = (child: ChildProcessWithoutNullStreams): Promise<string> =>
  new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const found = /http:\/\/127\.0\.0\.1:\d+\//.exec(out);
      if (found !== null) resolve(found[0]);
    });
    child.on('exit', () => reject(new Error(`serve stopped before printing its URL: ${out}`)));
  });
