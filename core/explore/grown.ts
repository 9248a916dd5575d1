type Column = Int32Array | Uint32Array | Uint16Array | Uint8Array;

/** A column of the search's typed arrays, copied into one of `length` (the search's arrays double). */
export const grown = <C extends Column>(column: C, length: number): C => {
  const next = new (column.constructor as new (length: number) => C)(length);
  next.set(column);
  return next;
};
