import * as vscode from 'vscode';
import { requireSession, type Host } from '../host';
import { Commands } from '../ids';
import { exportSaturation, type ExportArgs } from './export';
import { SaturationPanel, type PanelState } from './panel';
import { CoverageStatusBar, type CoverageState } from './statusBar';

/**
 * What `reflexiveQda.showSaturation` returns, also `host.features.get('saturation')`:
 * a read-only view of the panel and the status bar item, so integration tests can
 * check what was computed, sent and drawn without reaching into the webview.
 */
export interface SaturationProbe {
  statusBar(): CoverageState;
  panel(): PanelState;
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
  host.features.set('saturation', probe);

  host.registerCommand(Commands.showSaturation, () => {
    requireSession(host);
    panel.show();
    return probe;
  });
  host.registerCommand(Commands.exportSaturation, (args?: ExportArgs) => exportSaturation(host, () => panel.options(), args));
  return probe;
}
