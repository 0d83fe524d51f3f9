/**
 * The part of agreement the Compare Coders webview needs (the panel's HTML and
 * the message schemas), as its own face: importing ./index would bundle the
 * project, anchoring and transcript code into the browser script.
 */
export { agreementBodyHtml } from './html';
export {
  hostMessageSchema, viewSchema, webviewMessageSchema,
  type AgreementView, type DisagreementCount, type HostMessage, type RenderedCounts, type WebviewMessage,
} from './protocol';
