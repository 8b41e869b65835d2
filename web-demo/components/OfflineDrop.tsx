'use client';
// Offline mode: drop (or pick) a config.json, optionally with safetensors files (whole shards or just
// their headers) and a shard index. Nothing is sent anywhere: the WASM core analyses the bytes here.
import { useState } from 'react';

import { toShownError, type ShownError } from '../lib/error_help';
import { readLocalSelection, type LocalSelection } from '../lib/local_files';

interface Props {
  modelId: string;
  onSelection: (s: LocalSelection) => void;
  onError: (e: ShownError) => void;
}

/** "https://huggingface.co/ORG/NAME/..." -> "ORG/NAME"; other text is kept. */
function modelIdFromInput(input: string): string {
  const t = input.trim();
  const m = /^https?:\/\/[^/]+\/([^/]+)\/([^/?#]+)/.exec(t);
  return m ? `${m[1]}/${m[2]}` : t;
}

export function OfflineDrop({ modelId, onSelection, onError }: Props) {
  const [over, setOver] = useState(false);
  const [notes, setNotes] = useState<string[]>([]);

  const take = async (list: FileList | null) => {
    if (!list || list.length === 0) return;
    try {
      const selection = await readLocalSelection([...list], modelIdFromInput(modelId));
      setNotes([
        `${selection.files.shards?.length ?? 0} safetensors header(s) read` + (selection.index ? `, index ${selection.index.fileName}` : ''),
        ...selection.notes,
      ]);
      onSelection(selection);
    } catch (e) {
      onError(toShownError(e));
    }
  };

  return (
    <section
      className={over ? 'card drop-zone over' : 'card drop-zone'}
      data-testid="offline-drop"
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        e.preventDefault();
        setOver(false);
        void take(e.dataTransfer.files);
      }}
    >
      <h2>Offline: analyse local files</h2>
      <p>
        Drop a <code>config.json</code> here, optionally with <code>*.safetensors</code> files (whole shards or only their first
        8&nbsp;+&nbsp;N header bytes: only those bytes are read) and a <code>model.safetensors.index.json</code>. No network is used.
      </p>
      <label className="file-pick">
        <span>or choose files…</span>
        <input
          data-testid="offline-file-input"
          type="file"
          multiple
          accept=".json,.safetensors,.header,application/json"
          onChange={(e) => {
            void take(e.target.files);
            e.target.value = '';
          }}
        />
      </label>
      {notes.length > 0 && (
        <ul className="notes" data-testid="offline-notes">
          {notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      )}
    </section>
  );
}
