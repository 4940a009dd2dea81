/** Where the handler keeps the signed checkpoints of its audit file (the format is in `@plumb/history/audit/checkpoint`). */
export const checkpointPath = (auditPath: string) => `${auditPath}.checkpoints`;
