// Every result region of an import, in reading order.
import type { FullImportResult } from 'hf-model-import';

import { ggufRows } from '../lib/gguf_rows';
import type { LocalSelection } from '../lib/local_files';
import { ApplyToFile, type ApplyContext } from './ApplyToFile';
import { ArchitectureSummary } from './ArchitectureSummary';
import { GgufTable } from './GgufTable';
import { IssuesList } from './IssuesList';
import { KvCachePanel } from './KvCachePanel';
import { MemoryTable } from './MemoryTable';
import { MissingDefinitions } from './MissingDefinitions';
import { ModelsTsEntry } from './ModelsTsEntry';
import { ModuleTreeView } from './ModuleTreeView';
import { OutputDownloads } from './OutputDownloads';
import { ParamChart } from './ParamChart';
import { ReportJson } from './ReportJson';

interface Props {
  result: FullImportResult;
  local: LocalSelection | undefined;
  /** The options and endpoint the result came from (for the files the page updates). */
  applyContext: ApplyContext;
  /** The GPU memory the GGUF rows were checked against, as typed. */
  gpuMemory: string;
  onContextLength: (contextLength: number) => void;
}

function slidingWindow(a: FullImportResult['architecture']): number | undefined {
  const w = a.attention['sliding_window'];
  return typeof w === 'number' && w > 0 ? w : undefined;
}

export function ResultView({ result, local, applyContext, gpuMemory, onContextLength }: Props) {
  const a = result.architecture;
  return (
    <div className="results" data-testid="results">
      <ArchitectureSummary result={result} local={local} />
      <GgufTable rows={ggufRows(result.gguf)} gpuMemory={gpuMemory} />
      <div className="two-columns">
        <ParamChart parameters={a.parameters} />
        <MemoryTable architecture={a} />
      </div>
      <div className="two-columns">
        {a.kv_cache ? <KvCachePanel kv={a.kv_cache} slidingWindow={slidingWindow(a)} onRecompute={onContextLength} /> : <div />}
        <MissingDefinitions missing={result.missingDefinitions} skeletons={result.definitionSkeletons} />
      </div>
      <ModuleTreeView modules={result.moduleTree.modules} family={result.moduleTree.family} missing={result.missingDefinitions} />
      <IssuesList issues={result.issues} warnings={result.warnings} />
      <ModelsTsEntry result={result} />
      <ApplyToFile result={result} context={applyContext} />
      <OutputDownloads result={result} />
      <ReportJson architecture={a} />
    </div>
  );
}
