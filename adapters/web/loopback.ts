import { BlockList, isIP } from 'node:net';

/**
 * The visualizer listens on loopback only: it runs a model on request and keeps no secrets, but
 * nothing in it is meant for other machines, so it must not be reachable from them.
 */

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

/** 127.0.0.0/8 or ::1, in any spelling Node accepts (IPv4-mapped IPv6 included). */
export const isLoopbackAddress = (address: string): boolean => {
  const version = isIP(address);
  return version !== 0 && LOOPBACK.check(address, version === 4 ? 'ipv4' : 'ipv6');
};

const unbracket = (host: string): string =>
  host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;

/** A host the server may bind: "localhost" or a loopback address. */
export const isLoopbackHost = (host: string): boolean =>
  host.toLowerCase() === 'localhost' || isLoopbackAddress(unbracket(host));

export const loopbackRefusal = (host: string): string =>
  `agstate web: refusing to listen on ${JSON.stringify(host)}: the visualizer binds only a loopback address (127.0.0.0/8, ::1 or localhost), so no other machine can reach it`;

/**
 * Whether a request's Host header names this machine. A page on another site can make a browser
 * resolve its own name to 127.0.0.1 (DNS rebinding); its requests then carry that foreign name.
 */
export const isLoopbackHostHeader = (header: string | undefined): boolean => {
  if (header === undefined) return false;
  const host = header.startsWith('[')
    ? header.slice(0, header.indexOf(']') + 1)
    : header.replace(/:\d*$/, '');
  return isLoopbackHost(host);
};
