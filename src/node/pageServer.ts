/**
 * A loopback HTTP server that shows one generated page (the review pack) to the browser
 * of a VS Code whose window is a web page (code-server, Codespaces): that browser cannot
 * open a file of the extension host's disk, but it can open this server's address through
 * the window's port forwarding (vscode.env.asExternalUri). Only pages registered here are
 * served, each under an unguessable path, read afresh at each request; nothing else
 * answers but 404.
 */
import { randomBytes } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

/** Reads the page's bytes when it is asked for. */
export type PageReader = () => Promise<Uint8Array>;

const pages = new Map<string, PageReader>();
let server: Promise<http.Server> | undefined;

function start(): Promise<http.Server> {
  return new Promise((resolve, reject) => {
    const s = http.createServer((req, res) => {
      const read = req.method === 'GET' ? pages.get((req.url ?? '').split('?')[0]) : undefined;
      if (!read) {
        res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found');
        return;
      }
      read().then(
        (body) =>
          res
            .writeHead(200, {
              'Content-Type': 'text/html; charset=utf-8',
              'Cache-Control': 'no-store',
              'Referrer-Policy': 'no-referrer',
              'X-Content-Type-Options': 'nosniff',
            })
            .end(body),
        () => res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found'),
      );
    });
    s.on('error', reject);
    // the loopback interface only: the window reaches it through VS Code's port forwarding
    s.listen(0, '127.0.0.1', () => {
      s.unref();
      resolve(s);
    });
  });
}

/** Serves the page at a new unguessable address on 127.0.0.1 and returns that address. */
export async function servePage(read: PageReader, name: string): Promise<string> {
  server ??= start();
  const { port } = (await server).address() as AddressInfo;
  const path = `/${randomBytes(16).toString('hex')}/${encodeURIComponent(name)}`;
  pages.set(path, read);
  return `http://127.0.0.1:${port}${path}`;
}

/** Stops serving every page (the extension is deactivated). */
export function stopServingPages(): void {
  pages.clear();
  void server?.then((s) => s.close());
  server = undefined;
}
