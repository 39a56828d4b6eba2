/**
 * The encoding a byte order mark names, UTF-8 without one (RFC 8259 §8.1: JSON is UTF-8, and a
 * reader MAY ignore a BOM). Windows' PowerShell 5 writes UTF-16 with a BOM. The decoder drops the
 * BOM itself (its "ignore BOM" flag is off), for UTF-8 as for UTF-16. Shared by the CLI's and the
 * panel's streaming HAR readers (TextDecoder is the WHATWG Encoding standard, in Node and browsers).
 */
export function decoderFor(head: Uint8Array): TextDecoder {
  if (head[0] === 0xff && head[1] === 0xfe) return new TextDecoder("utf-16le");
  if (head[0] === 0xfe && head[1] === 0xff) return new TextDecoder("utf-16be");
  return new TextDecoder("utf-8");
}
