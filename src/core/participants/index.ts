// The public face of src/core/participants: import this folder through here from outside it.
// Who is in the study, who withdrew, and what every analysis and export may therefore include.
export * from './representativeness';
export { includedSources, inclusion, isWithdrawnSource, withdrawalOf, withdrawnParticipants } from './withdrawal';
export type { Inclusion, InclusionInput, OwnedRange } from './withdrawal';
