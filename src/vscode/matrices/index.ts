import * as vscode from 'vscode';
import type { MatrixOptions } from '../../core/matrices';
import { requireSession, type Host } from '../host';
import { Commands } from '../ids';
import { exportMatrix, type ExportMatrixArgs } from './export';
import { MatricesPanel, type MatricesPanelState } from './panel';

/**
 * What the Show Matrices command returns, also the feature's face: a
 * read-only view of the panel, so integration tests can check what was
 * computed, drawn and listed without reaching into the webview.
 */
export interface MatricesProbe {
  panel(): MatricesPanelState;
}

interface MatricesContext {
  readonly host: Host;
  readonly panel: MatricesPanel;
  readonly probe: MatricesProbe;
}

/** The Matrices panel (co-occurrence, codes by attribute, framework) and its export. */
export function registerMatrices(host: Host): MatricesProbe {
  // The panel's export goes through the command, so a failure gets the shared wrapper.
  const panel = new MatricesPanel(host, (args) => vscode.commands.executeCommand(Commands.exportMatrix, args satisfies ExportMatrixArgs));
  const probe: MatricesProbe = { panel: () => panel.state() };
  host.context.subscriptions.push(
    panel,
    host.onDidChangeSession((s) => panel.attach(s)),
  );
  panel.attach(host.session());
  host.registerCommands<MatricesContext>(
    {
      [Commands.showMatrices]: (ctx, options?: Partial<MatrixOptions>) => {
        requireSession(ctx.host);
        ctx.panel.show(options && typeof options === 'object' ? options : {});
        return ctx.probe;
      },
      [Commands.exportMatrix]: (ctx, args?: ExportMatrixArgs) => exportMatrix(ctx.host, () => ctx.panel.options(), args ?? {}),
    },
    { host, panel, probe },
  );
  return probe;
}
