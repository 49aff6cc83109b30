/**
 * The Review screen's checker-finding channels (issue 13): findings that need judgement,
 * identical ones grouped, one decision per call. Part of the one IPC contract, src/shared/ipc.ts.
 */
import type { CheckAction, CheckDecision, FindingGroupsPage, FindingGroupsQuery, FindingsBulkPreview } from './check-review';
import type { CheckRuleId } from './checker';

export interface FindingDecideRequest {
  batchId: string;
  jobId: number;
  key: string;
  action: CheckAction;
  text?: string | null;
  reviewer?: string | null;
}

export interface FindingGroupDecideRequest {
  batchId: string;
  groupKey: string;
  action: CheckAction;
  text?: string | null;
  reviewer?: string | null;
}

/** The findings channels: [payload, result]. */
export interface FindingsContract {
  'findings:groups': [{ batchId: string; query?: FindingGroupsQuery }, FindingGroupsPage];
  'findings:decide': [FindingDecideRequest, CheckDecision];
  'findings:decideGroup': [FindingGroupDecideRequest, number];
  'findings:clearGroup': [{ batchId: string; groupKey: string }, number];
  'findings:bulkPreview': [{ batchId: string; rule?: CheckRuleId }, FindingsBulkPreview];
  'findings:bulkApprove': [{ batchId: string; rule?: CheckRuleId; reviewer?: string | null }, { approved: number; bulkId: string }];
  'findings:undoBulk': [{ batchId: string; bulkId: string }, number];
}

export const FINDINGS_CHANNELS = [
  'findings:groups',
  'findings:decide',
  'findings:decideGroup',
  'findings:clearGroup',
  'findings:bulkPreview',
  'findings:bulkApprove',
  'findings:undoBulk',
] as const satisfies readonly (keyof FindingsContract)[];
