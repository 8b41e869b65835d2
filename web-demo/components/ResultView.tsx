// Every result region of an import, in reading order.
import type { ImportResult } from 'hf-model-import';

import type { LocalSelection } from '../lib/local_files';
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

export function ResultView({ result, local, onContextLength }: Props) {
  const a = result.architecture;
  return (
    <div className="results" data-testid="results">
      <ArchitectureSummary result={result} local={local} />
      <div className="two-columns">
        <ParamChart parameters={a.parameters} />
        <div>
          <MemoryTable architecture={a} />
          {a.kv_cache && <KvCachePanel kv={a.kv_cache} onRecompute={onContextLength} />}
        </div>
      </div>
      <ModuleTreeView modules={result.moduleTree.modules} family={result.moduleTree.family} missing={result.missingDefinitions} />
      <div className="two-columns">
        <IssuesList issues={result.issues} warnings={result.warnings} />
        <MissingDefinitions missing={result.missingDefinitions} />
      </div>
      <ModelsTsEntry result={result} />
      <OutputDownloads result={result} />
      <ReportJson architecture={a} />
    </div>
  );
}
