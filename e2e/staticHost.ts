/**
 * A plain static file server for the built app, like GitHub Pages: the files of dist/ under a
 * sub-folder, with content types and nothing else (no COOP/COEP headers).
 */
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.map': 'application/json',
};

export interface StaticHost {
  /** The app's address, ending in the sub-folder and a slash. */
  url: string;
  close(): Promise<void>;
}

export async function serveStatic(root: string, folder: string): Promise<StaticHost> {
  const prefix = `/${folder}/`;
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://host').pathname;
    const relative = path.startsWith(prefix) ? normalize(path.slice(prefix.length) || 'index.html') : null;
    if (relative === null || relative.startsWith('..')) {
      res.writeHead(404).end('not found');
      return;
    }
    readFile(join(root, relative)).then(
      (body) =>
        res.writeHead(200, { 'Content-Type': TYPES[extname(relative)] ?? 'application/octet-stream' }).end(body),
      () => res.writeHead(404).end('not found'),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${prefix}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
