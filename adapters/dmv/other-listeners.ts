import { resolveListener } from '../../core/model/config.js';
import type { OtherListener } from '../../core/model/facts.js';
import type { LISTENER_ADDRESS_COLUMNS, LISTENER_COLUMNS, RowOf } from './columns.js';
import type { Decoded } from './rows.js';

type ListenerRow = Decoded<RowOf<typeof LISTENER_COLUMNS>>;
type AddressRow = Decoded<RowOf<typeof LISTENER_ADDRESS_COLUMNS>>;

/**
 * The group's listener rows after the first, which the configuration holds: "After creating a
 * listener through SQL Server, you can use Windows PowerShell for failover clusters or the WSFC
 * Failover Cluster Manager to create additional listeners" (S106), and
 * sys.availability_group_listeners lists them with it. Each keeps its own addresses and, when the
 * snapshot selects state_desc, their WSFC states.
 */
export const otherListenersOf = (
  listeners: readonly ListenerRow[],
  addresses: readonly AddressRow[],
  groupId: string,
): { readonly otherListeners?: readonly OtherListener[] } => {
  const others = listeners.filter((l) => l.value.group_id === groupId).slice(1);
  if (others.length === 0) return {};
  return {
    otherListeners: others.map(({ value: l }) => {
      const own = addresses.filter((a) => a.value.listener_id === l.listener_id);
      const listener = resolveListener({
        name: l.dns_name,
        ...(l.port === null ? {} : { port: l.port }),
        dhcp: own.some((a) => a.value.is_dhcp),
        addresses: own.map(({ value: a }) => ({
          address: a.ip_address,
          ...(a.ip_subnet_mask === null ? {} : { subnetMask: a.ip_subnet_mask }),
        })),
      });
      return own.length === 0 || own.every((a) => a.value.state_desc === undefined)
        ? { listener }
        : {
            listener,
            addressStates: own.map(({ value: a }) => ({
              address: a.ip_address,
              state: a.state_desc ?? null,
            })),
          };
    }),
  };
};
