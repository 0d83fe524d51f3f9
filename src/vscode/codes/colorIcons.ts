import * as vscode from 'vscode';

/**
 * Small coloured SVG swatches for tree items and pickers, one file per colour in
 * the extension's global storage (tree icons must be files or theme icons).
 */
export class ColorIcons {
  private readonly made = new Map<string, vscode.Uri>();

  constructor(private readonly dir: vscode.Uri) {}

  async icon(color: string | undefined): Promise<vscode.Uri | vscode.ThemeIcon> {
    if (!color || !/^#[0-9a-fA-F]{6}$/.test(color)) return new vscode.ThemeIcon('symbol-field');
    const key = color.toLowerCase();
    const known = this.made.get(key);
    if (known) return known;
    const uri = vscode.Uri.joinPath(this.dir, `swatch-${key.slice(1)}.svg`);
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16" viewBox="0 0 16 16"><rect x="2" y="2" width="12" height="12" rx="3" fill="${key}"/></svg>`;
    await vscode.workspace.fs.createDirectory(this.dir);
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(svg));
    this.made.set(key, uri);
    return uri;
  }
}
