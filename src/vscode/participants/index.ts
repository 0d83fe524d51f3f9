import * as vscode from 'vscode';
import { requireSession, type Host } from '../host';
import type { CommandTable } from '../commands';
import { Commands } from '../ids';
import { WithdrawnDecorations } from './decorations';
import { ParticipantsPanel, type GridState } from './grid';
import { SurveyImportPreview, type ImportPreviewState, type ImportSurveyArgs } from './importSurvey';
import { purgeCommand, reinstateCommand, withdrawCommand, type WithdrawArgs } from './withdraw';

/** What Show Participants returns, also the feature's face: read-only views of the grid and the import preview. */
export interface ParticipantsFeature {
  grid(): GridState;
  importPreview(): ImportPreviewState;
}

interface ParticipantsContext {
  readonly host: Host;
  readonly panel: ParticipantsPanel;
  readonly preview: SurveyImportPreview;
  readonly feature: ParticipantsFeature;
}

/**
 * Participants in the editor: the grid (attributes edited in place,
 * representativeness beside it), survey import with a preview, and
 * withdrawal, reinstatement and purge with clear confirmations.
 */
export function registerParticipants(host: Host): ParticipantsFeature {
  const panel = new ParticipantsPanel(host);
  const preview = new SurveyImportPreview(host, () => void vscode.commands.executeCommand(Commands.showParticipants));
  const decorations = new WithdrawnDecorations();
  const feature: ParticipantsFeature = { grid: () => panel.state(), importPreview: () => preview.state() };
  const follow = () => {
    panel.attach(host.session());
    decorations.attach(host.session());
  };
  host.context.subscriptions.push(
    panel,
    preview,
    decorations,
    vscode.window.registerFileDecorationProvider(decorations),
    host.onDidChangeSession(follow),
  );
  follow();
  host.registerCommands(PARTICIPANTS_COMMANDS, { host, panel, preview, feature });
  return feature;
}

function showParticipants(ctx: ParticipantsContext): ParticipantsFeature {
  requireSession(ctx.host);
  ctx.panel.show();
  return ctx.feature;
}

function importSurvey(ctx: ParticipantsContext, args?: ImportSurveyArgs): Promise<boolean> {
  return ctx.preview.run(args);
}

function withdrawParticipant(ctx: ParticipantsContext, args?: WithdrawArgs): Promise<boolean> {
  return withdrawCommand(ctx.host, args);
}

function reinstateParticipant(ctx: ParticipantsContext, args?: WithdrawArgs): Promise<boolean> {
  return reinstateCommand(ctx.host, args);
}

function purgeParticipant(ctx: ParticipantsContext, args?: WithdrawArgs): Promise<boolean> {
  return purgeCommand(ctx.host, args);
}

const PARTICIPANTS_COMMANDS: CommandTable<ParticipantsContext> = {
  [Commands.showParticipants]: showParticipants,
  [Commands.importSurvey]: importSurvey,
  [Commands.withdrawParticipant]: withdrawParticipant,
  [Commands.reinstateParticipant]: reinstateParticipant,
  [Commands.purgeParticipant]: purgeParticipant,
};
