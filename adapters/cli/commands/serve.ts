import { badInput, oneLine, reportBadInput } from '../bad-input.js';
import { EXIT, type ExitCode } from '../exit.js';
import type { Io, ServeRequest } from '../io.js';
import { inputOf, jsonResult } from '../render/json.js';

/**
 * `agstate serve`: the visualizer on a loopback address, until Ctrl-C. Its address is printed as
 * soon as it listens: a line of text, or with --json one document `{ …, result: { url } }`.
 */
export const runServe = async (io: Io, request: ServeRequest, json = false): Promise<ExitCode> => {
  const input = inputOf(undefined, request);
  try {
    await io.serve(request, (url) =>
      io.stdout(
        json
          ? jsonResult(io, 'serve', input, { url })
          : `agstate: the visualizer is at ${url} (Ctrl-C stops it)\n`,
      ),
    );
    return EXIT.ok;
  } catch (e) {
    // A refused host, a port in use, an unknown example: the request cannot be served.
    const why = e instanceof Error ? e.message : String(e);
    const where = `${request.host ?? '127.0.0.1'}:${request.port ?? 0}`;
    const code = e instanceof Error ? (e as NodeJS.ErrnoException).code : undefined;
    const message =
      code === 'EADDRINUSE'
        ? `${where} is already in use`
        : oneLine(why).replace(/^agstate web: /, '');
    return reportBadInput(io, 'serve', badInput('', message), json, input);
  }
};
