// The public face of src/core/refi: import this folder through here from outside it.
export * from './qdc';
export * from './qdcImport';
export { exportQdpx, type QdpxExport, type QdpxExportOptions } from './exportProject';
export { applyQdpxImport, type QdpxApplied } from './importApply';
export { planQdpxImport, type ImportTarget, type QdpxPlan, type SourcePlan } from './importPlan';
export { formatQdpxPlan, planCounts, planSummary } from './importReport';
export { readQdpx, type QdpxRead } from './qdpxRead';
