/** The reflexive memo log: writing memos, finding them, resolving their links, exporting the log. */
export * from './memos';
export * from './export';
export * from './timeline';
export { memoLinkProblems, resolveMemoLinks, resolveMemoLinksIn } from '../project';
export type { LinkProblem, ReadSource, ResolvedLink } from '../project';
