import { decideAtSteadySpeed } from '../v8-flags.js';
import { type RunningServer, startServer } from './server.js';

export interface ServeOptions {
  /** Default 127.0.0.1; only loopback addresses and "localhost" are accepted. */
  readonly host?: string;
  /** Default 0: a free port, printed with the URL. */
  readonly port?: number;
  /** The bundled example shown first (default resync-three-replicas). */
  readonly example?: string;
}

export interface ServeIo {
  readonly stdout: (s: string) => void;
}

export interface Serving extends RunningServer {
  /** Settles when the server has stopped: after close(), SIGINT or SIGTERM. */
  readonly closed: Promise<void>;
}

/**
 * `agstate serve`: starts the visualizer, prints its URL, and stops on Ctrl-C (SIGINT) or
 * SIGTERM. The command awaits `closed` and then exits.
 */
export const serve = async (options: ServeOptions, io: ServeIo): Promise<Serving> => {
  // A server decides for as long as it runs.
  decideAtSteadySpeed();
  const server = await startServer({
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 0,
    ...(options.example === undefined ? {} : { example: options.example }),
  });
  io.stdout(`agstate: the visualizer is at ${server.url} (Ctrl-C stops it)\n`);
  let markClosed: () => void = () => {};
  const closed = new Promise<void>((resolve) => {
    markClosed = resolve;
  });
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= server.close().finally(() => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      markClosed();
    });
    return closing;
  };
  const onSignal = (): void => {
    void close();
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  return { url: server.url, close, closed };
};
