// Workflow histories as fixture files. @temporalio/common's historyToJSON/historyFromJSON fail in this install
// ("type must be a Type": @temporalio/common and @temporalio/proto each carry their own protobufjs 8 copy), so the
// fixtures use protobufjs's own object form (int64 and bytes as strings) through @temporalio/proto's History type.
import { readFileSync, writeFileSync } from 'node:fs';
import proto from '@temporalio/proto';
import type { WorkflowHandle } from '@temporalio/client';

type History = proto.temporal.api.history.v1.History;
const HistoryType = proto.temporal.api.history.v1.History;

export function saveHistory(file: string, history: proto.temporal.api.history.v1.IHistory): void {
  const object = HistoryType.toObject(HistoryType.fromObject(history), {
    longs: String,
    enums: String,
    bytes: String,
  });
  writeFileSync(file, JSON.stringify(object, null, 2) + '\n');
}

export function readHistory(file: string): History {
  return HistoryType.fromObject(JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>);
}

export async function fetchHistory(handle: WorkflowHandle): Promise<proto.temporal.api.history.v1.IHistory> {
  return handle.fetchHistory();
}
