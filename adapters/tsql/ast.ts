import type { Loc } from './lexer.js';

/**
 * The syntax tree of the statements agstate understands. Every node keeps where it starts and
 * the text it was read from, so that problems found later (by meaning, or by the io-ts codecs)
 * are reported at the right place and quote what the script says.
 */

export interface Located {
  readonly loc: Loc;
  /** The script text of the node, white space squeezed. */
  readonly source: string;
}

/** A name: `abc`, `[a b]`, `"a"`, or a string where the syntax asks for one (`N'SQL1'`). */
export interface NameNode extends Located {
  readonly text: string;
}

export type ValueNode =
  | (Located & { readonly kind: 'word'; readonly text: string })
  | (Located & { readonly kind: 'quoted'; readonly text: string })
  | (Located & { readonly kind: 'string'; readonly text: string })
  | (Located & { readonly kind: 'number'; readonly text: string })
  | (Located & { readonly kind: 'variable'; readonly text: string })
  | (Located & { readonly kind: 'list'; readonly items: readonly ValueNode[] });

/**
 * One option: `NAME = value`, `NAME ( options )`, or a flag with modifier words
 * (`CONTAINED REUSE_SYSTEM_DATABASES`).
 */
export interface OptionNode extends Located {
  readonly name: NameNode;
  readonly value: ValueNode | null;
  readonly nested: readonly OptionNode[] | null;
  readonly modifiers: readonly NameNode[];
}

/** `'server' WITH ( options )`: a replica spec, or a member of a distributed group. */
export interface SpecNode extends Located {
  readonly name: NameNode;
  readonly options: readonly OptionNode[];
}

export interface IpNode extends Located {
  readonly address: NameNode;
  readonly mask: NameNode | null;
}

export interface ListenerNode extends Located {
  readonly name: NameNode;
  readonly dhcp: { readonly network: IpNode | null } | null;
  readonly addresses: readonly IpNode[];
  readonly port: ValueNode | null;
}

export type ListenerChange =
  | (Located & { readonly kind: 'addIp'; readonly ip: IpNode })
  | (Located & { readonly kind: 'removeIp'; readonly ip: IpNode })
  | (Located & { readonly kind: 'port'; readonly port: ValueNode });

export interface CreateGroupNode extends Located {
  readonly kind: 'createGroup';
  readonly name: NameNode;
  readonly options: readonly OptionNode[];
  readonly databases: readonly NameNode[] | null;
  readonly replicas: readonly SpecNode[] | null;
  readonly members: readonly SpecNode[] | null;
  readonly listener: ListenerNode | null;
}

export type AlterAction =
  | (Located & { readonly kind: 'set'; readonly options: readonly OptionNode[] })
  | (Located & { readonly kind: 'addDatabase'; readonly databases: readonly NameNode[] })
  | (Located & { readonly kind: 'removeDatabase'; readonly databases: readonly NameNode[] })
  | (Located & { readonly kind: 'addReplica'; readonly specs: readonly SpecNode[] })
  | (Located & { readonly kind: 'modifyReplica'; readonly specs: readonly SpecNode[] })
  | (Located & { readonly kind: 'removeReplica'; readonly servers: readonly NameNode[] })
  | (Located & { readonly kind: 'join'; readonly options: readonly OptionNode[] })
  | (Located & { readonly kind: 'joinGroups'; readonly specs: readonly SpecNode[] })
  | (Located & { readonly kind: 'modifyGroups'; readonly specs: readonly SpecNode[] })
  | (Located & { readonly kind: 'grantCreateDatabase' })
  | (Located & { readonly kind: 'denyCreateDatabase' })
  | (Located & { readonly kind: 'failover' })
  | (Located & { readonly kind: 'forceFailover' })
  | (Located & { readonly kind: 'offline' })
  | (Located & { readonly kind: 'addListener'; readonly listener: ListenerNode })
  | (Located & {
      readonly kind: 'modifyListener';
      readonly name: NameNode;
      readonly changes: readonly ListenerChange[];
    })
  | (Located & { readonly kind: 'restartListener'; readonly name: NameNode })
  | (Located & { readonly kind: 'removeListener'; readonly name: NameNode });

export interface AlterGroupNode extends Located {
  readonly kind: 'alterGroup';
  readonly name: NameNode;
  readonly action: AlterAction;
}

export type HadrAction =
  | { readonly kind: 'join'; readonly group: NameNode }
  | { readonly kind: 'off' }
  | { readonly kind: 'suspend' }
  | { readonly kind: 'resume' };

export interface AlterDatabaseHadrNode extends Located {
  readonly kind: 'alterDatabaseHadr';
  readonly database: NameNode;
  readonly action: HadrAction;
}

/** `DISK = 'file'`, `URL = '…'`, or a logical backup device name. */
export interface DeviceNode extends Located {
  readonly type: string | null;
  readonly value: ValueNode;
}

export interface BackupNode extends Located {
  readonly kind: 'backup' | 'restore';
  /** DATABASE or LOG. */
  readonly target: 'DATABASE' | 'LOG';
  readonly database: NameNode;
  /** FILE = / FILEGROUP = / PAGE = / READ_WRITE_FILEGROUPS: a partial backup or restore. */
  readonly partial: boolean;
  readonly devices: readonly DeviceNode[];
  readonly options: readonly OptionNode[];
}

export type StatementNode = CreateGroupNode | AlterGroupNode | AlterDatabaseHadrNode | BackupNode;
