/** What the page says about whether the blocks it holds travel in a shared link. */
import { groupDigits, LINK_BLOCK_MAX_BYTES, LINK_BLOCK_MAX_CHARS } from '../../engine/index.ts';
import type { ImportedFile } from '../store/store.ts';

const megabytes = (bytes: number): string => `${(bytes / (1 << 20)).toFixed(1)} MB`;

/**
 * One sentence under the imported file's name: the link names the preset, or carries the file,
 * or the file is too large for a link, saying by how much, so the teacher knows to send it along.
 */
export function linkHint(f: ImportedFile): string {
  if (f.preset) return 'The link names this preset, so Share and the CLI run it too.';
  const link = f.link;
  if (!link) return 'A block file is not part of the shareable link.';
  if (link.param !== null) return 'The link carries this file, so Share and the CLI run it too.';
  const size =
    link.chars === 0
      ? `${megabytes(link.bytes)} of JSON; a link carries up to ${megabytes(LINK_BLOCK_MAX_BYTES)}`
      : `${groupDigits(link.chars)} characters packed; a link carries up to ${groupDigits(LINK_BLOCK_MAX_CHARS)}`;
  return `This file is too large for a link (${size}), so Share sends the other inputs only: send the file too.`;
}
