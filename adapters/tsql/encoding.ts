import iconv from 'iconv-lite';

const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * The text of a script file as editors and SSMS save it: UTF-8 with or without a byte-order
 * mark, UTF-16 (little or big endian) with one, and otherwise Windows-1252, the code page SSMS
 * and Notepad use for "ANSI" files on Western systems. A file that is valid UTF-8 is read as
 * UTF-8; one that is not cannot have been saved as UTF-8.
 */
export const decodeScriptBytes = (bytes: Uint8Array): string => {
  const [b0, b1, b2] = [bytes[0], bytes[1], bytes[2]];
  if (b0 === 0xef && b1 === 0xbb && b2 === 0xbf) return utf8.decode(bytes.subarray(3));
  if (b0 === 0xff && b1 === 0xfe) return iconv.decode(bytes.subarray(2), 'utf-16le');
  if (b0 === 0xfe && b1 === 0xff) return iconv.decode(bytes.subarray(2), 'utf-16be');
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return iconv.decode(bytes, 'windows-1252');
  }
};
