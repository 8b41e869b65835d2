// Every result region of an import, in reading order.
import type { ImportResult } from 'hf-model-import';

import type { LocalSelection } from '../lib/local_files';
import { ApplyToFile } from './ApplyToFile';
import { ArchitectureSummary } from './ArchitectureSummary';
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
  result: ImportResult;
  local: LocalSelection | undefined;
  onContextLength: (contextLength: number) => void;
}

function slidingWindow(a: ImportResult['architecture']): number | undefined {
  const w = a.attention['sliding_window'];
  return typeof w === 'number' && w > 0 ? w : undefined;
}

export function ResultView({ result, local, onContextLength }: Props) {
  const a = result.architecture;
  return (
    <div className="results" data-testid="results">
      <ArchitectureSummary result={result} local={local} />
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
      <ApplyToFile result={result} />
      <OutputDownloads result={result} />
      <ReportJson architecture={a} />
    </div>
  );
}
