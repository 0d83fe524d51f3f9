import * as vscode from 'vscode';
import { requireSession, type Host } from '../host';
import { Commands } from '../ids';
import { exportSaturation, type ExportArgs } from './export';
import { SaturationPanel, type PanelState } from './panel';
import { CoverageStatusBar, type CoverageState } from './statusBar';

/**
 * What the Show Saturation command returns, also the feature's face:
 * a read-only view of the panel and the status bar item, so integration tests can
 * check what was computed, sent and drawn without reaching into the webview.
 */
export interface SaturationProbe {
  statusBar(): CoverageState;
  panel(): PanelState;
}

interface SaturationContext {
  readonly host: Host;
  readonly panel: SaturationPanel;
  readonly probe: SaturationProbe;
}

/**
 * Saturation and representativeness in the editor: sample coverage in the
 * status bar, the Saturation panel, and the export of its figures.
 */
export function registerSaturation(host: Host): SaturationProbe {
  const statusBar = new CoverageStatusBar(Commands.showSaturation, host.log);
  // The panel's button goes through the command, so a failure gets the shared wrapper.
  const panel = new SaturationPanel(host, () => vscode.commands.executeCommand(Commands.exportSaturation));
  const probe: SaturationProbe = { statusBar: () => statusBar.state(), panel: () => panel.state() };
  const follow = () => {
    const session = host.session();
    statusBar.attach(session?.project);
    panel.attach(session);
  };
  host.context.subscriptions.push(statusBar, panel, host.onDidChangeSession(follow));
  follow();
  host.registerCommands<SaturationContext>(
    {
      [Commands.showSaturation]: (ctx) => {
        requireSession(ctx.host);
        ctx.panel.show();
        return ctx.probe;
      },
      [Commands.exportSaturation]: (ctx, args?: ExportArgs) => exportSaturation(ctx.host, () => ctx.panel.options(), args),
    },
    { host, panel, probe },
  );
  return probe;
}
