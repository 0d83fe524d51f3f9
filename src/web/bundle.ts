/**
 * Loading the browser build's features bundle (dist/web/main.js) in VS Code's web
 * worker extension host, where require() knows only 'vscode' and there is no
 * module loader for an extension's own files. The host itself loads an
 * extension's `browser` entry by fetching its text and wrapping it in
 * `new Function('module', 'exports', 'require', text)`; the entry does the same
 * for its second bundle, so it needs nothing the host's own loader does not
 * (the worker's CSP allows 'unsafe-eval' for exactly this). No `vscode` import
 * here, so Node tests can run it.
 */

/** A CommonJS module's require(), as the host gives one to the entry: 'vscode' and nothing else. */
export type HostRequire = (id: string) => unknown;

/**
 * Evaluates the text of a CommonJS bundle and returns its exports. `hostRequire`
 * is the entry's own require(): the host resolves `vscode` for the extension the
 * calling module belongs to, so the bundle gets this extension's API object.
 * `sourceUrl` names the code in stack traces and the debugger.
 */
export function evaluateBundle(text: string, sourceUrl: string, hostRequire: HostRequire): unknown {
  // How the host loads the entry too: nothing else runs a second file of the extension in its worker.
  const init = new Function('module', 'exports', 'require', `${text}\n//# sourceURL=${sourceUrl}`) as (
    module: { exports: unknown },
    exports: unknown,
    require: HostRequire,
  ) => void;
  const module: { exports: unknown } = { exports: {} };
  init(module, module.exports, hostRequire);
  return module.exports;
}

/** An extension file's location, as much of `vscode.Uri` as reading it needs. */
export interface FileLocation {
  readonly scheme: string;
  toString(skipEncoding?: boolean): string;
}

/**
 * Reads one of the extension's own files as text in the web worker host, by the
 * scheme of its location. The host fetches its entry from the workbench's
 * browser address for the location: an `http(s)` location (vscode.dev's
 * extension CDN, an extension installed from a URL) is that address itself, so
 * `fetch` reads it the same way. Any other location (`vscode-remote` in
 * code-server, Codespaces or a tunnel, whose browser address only the
 * workbench can compute; `file` in a desktop's worker host) is read with
 * `readFile` (`vscode.workspace.fs.readFile`), which reaches that file system.
 */
export async function readExtensionFile(
  location: FileLocation,
  readFile: () => PromiseLike<Uint8Array>,
  fetchText: typeof fetch = fetch,
): Promise<string> {
  if (location.scheme === 'http' || location.scheme === 'https') {
    const address = location.toString(true);
    const response = await fetchText(address);
    if (!response.ok) throw new Error(`could not read ${address}: ${response.status} ${response.statusText}`);
    return response.text();
  }
  return new TextDecoder().decode(await readFile());
}
