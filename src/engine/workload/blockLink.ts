/**
 * A block file carried in a link: `block=<base64url of the DEFLATE'd compact JSON>`, so a
 * teacher's hand-built block travels in a shared link the way a preset does, and the CLI runs the
 * same query to the same state.
 *
 * Two bounds keep that safe and practical. The parameter is at most LINK_BLOCK_MAX_CHARS long, so
 * the whole link stays under the 8 KB request line that common web servers accept and that chat
 * and mail keep intact. The file it unpacks to is at most LINK_BLOCK_MAX_BYTES, so a crafted link
 * (DEFLATE packs a thousand to one) cannot make the page allocate without bound.
 */
import { deflateSync, inflateSync, strFromU8, strToU8 } from 'fflate';
import { checkBlockFileText, type BlockFileSize } from './blockFile.ts';
import { groupDigits } from '../state/values.ts';
import { ValidationError } from './validate.ts';

export const LINK_BLOCK_MAX_CHARS = 6000;
export const LINK_BLOCK_MAX_BYTES = 1 << 20;

/** What encoding a file for a link gave: the parameter, or why the file does not fit. */
export interface BlockLinkFit {
  /** The `block=` value, or null when the file is too large for a link. */
  param: string | null;
  /** The compact JSON's size in bytes (UTF-8). */
  bytes: number;
  /** The encoded length in characters; 0 when the file was too large to try. */
  chars: number;
}

/** A `block=` parameter that cannot be used; the message says why, for a notice or stderr. */
export class BlockLinkError extends Error {
  constructor(
    message: string,
    /** When the link decoded but its file is invalid: every problem found, each naming its field. */
    readonly problems?: ValidationError,
  ) {
    super(message);
  }
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const DIGIT = new Map([...ALPHABET].map((c, i) => [c, i]));

/** RFC 4648 §5 base64url without padding: the only characters a URL never escapes. */
function toBase64Url(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    const chars = Math.min(4, Math.ceil(((bytes.length - i) * 8) / 6));
    for (let c = 0; c < chars; c++) out += ALPHABET[(n >> (18 - 6 * c)) & 63];
  }
  return out;
}

function fromBase64Url(text: string): Uint8Array {
  if (text.length % 4 === 1) throw new BlockLinkError('is cut short (its length is not a whole number of bytes)');
  const out = new Uint8Array(Math.floor((text.length * 6) / 8));
  let acc = 0;
  let bits = 0;
  let o = 0;
  for (const c of text) {
    const d = DIGIT.get(c);
    if (d === undefined) throw new BlockLinkError(`holds "${c}", which is not base64url (A–Z, a–z, 0–9, - and _)`);
    acc = ((acc << 6) | d) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 255;
    }
  }
  return out;
}

/**
 * Encode a valid block file, as parsed JSON, for a link. It is packed compact, so an indented
 * file costs no more than a compact one.
 */
export function encodeBlockLink(json: object): BlockLinkFit {
  const compact = strToU8(JSON.stringify(json));
  if (compact.length > LINK_BLOCK_MAX_BYTES) return { param: null, bytes: compact.length, chars: 0 };
  const param = toBase64Url(deflateSync(compact, { level: 9 }));
  return { param: param.length <= LINK_BLOCK_MAX_CHARS ? param : null, bytes: compact.length, chars: param.length };
}

/** The block file (UTF-8) a `block=` parameter carries. Throws BlockLinkError naming the problem. */
export function decodeBlockLink(param: string): Uint8Array {
  if (param === '') throw new BlockLinkError('is empty');
  if (param.length > LINK_BLOCK_MAX_CHARS)
    throw new BlockLinkError(
      `is ${groupDigits(param.length)} characters long; a link carries at most ${groupDigits(LINK_BLOCK_MAX_CHARS)}`,
    );
  const packed = fromBase64Url(param);
  let bytes: Uint8Array;
  try {
    // One byte more than the bound: fflate truncates to the buffer, so a full one means too large.
    bytes = inflateSync(packed, { out: new Uint8Array(LINK_BLOCK_MAX_BYTES + 1) });
  } catch (e) {
    throw new BlockLinkError(`is not a packed block file (${(e as Error).message}): the link may have been cut short`);
  }
  if (bytes.length > LINK_BLOCK_MAX_BYTES)
    throw new BlockLinkError(`unpacks to more than ${LINK_BLOCK_MAX_BYTES / (1 << 20)} MB; a link carries less`);
  return bytes;
}

/**
 * Decode and validate a `block=` parameter: the file's text and JSON, its size in bytes and its
 * blocks and transactions (see BlockFileSize). Throws BlockLinkError naming the first problem (and how many more the
 * file has).
 */
export function readBlockLink(param: string): BlockFileSize & { text: string; json: object; bytes: number } {
  const bytes = decodeBlockLink(param);
  const text = strFromU8(bytes);
  try {
    return { text, bytes: bytes.length, ...checkBlockFileText(text) };
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    throw new BlockLinkError(`carries an invalid block file: ${e.message}`, e);
  }
}
