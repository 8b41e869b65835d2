// Request accounting for the fixture hub: counts, bytes, and a timeline to measure sequential round trips.

export interface TimelineEntry {
  method: string;
  path: string;
  /** The Range request header, if any. */
  range?: string;
  status: number;
  /** performance.now() when the request arrived and when its response ended (or the socket closed). */
  start: number;
  end: number;
  /** Body bytes written. */
  bytes: number;
  /** True when the client went away before the body was complete. */
  aborted: boolean;
}

export interface HubStats {
  requests: number;
  bytesSent: number;
  byPath: Record<string, { requests: number; bytes: number }>;
  timeline: TimelineEntry[];
  /** Length of the longest chain of requests where each starts after the previous one ended. */
  roundTrips: number;
}

/**
 * The number of sequential round trips in a timeline: the longest chain of requests in which each
 * request starts after the previous one has ended. Overlapping requests are parallel (one round trip).
 */
export function sequentialRoundTrips(timeline: readonly Pick<TimelineEntry, 'start' | 'end'>[]): number {
  const byEnd = [...timeline].sort((a, b) => a.end - b.end);
  const chain: number[] = [];
  let best = 0;
  for (let i = 0; i < byEnd.length; i++) {
    const r = byEnd[i]!;
    let longest = 0;
    for (let j = 0; j < i; j++) {
      if (byEnd[j]!.end <= r.start && chain[j]! > longest) longest = chain[j]!;
    }
    chain.push(longest + 1);
    if (longest + 1 > best) best = longest + 1;
  }
  return best;
}

export class StatsRecorder {
  private entries: TimelineEntry[] = [];

  record(e: TimelineEntry): void {
    this.entries.push(e);
  }

  reset(): void {
    this.entries = [];
  }

  snapshot(): HubStats {
    const byPath: HubStats['byPath'] = {};
    let bytesSent = 0;
    for (const e of this.entries) {
      const p = (byPath[e.path] ??= { requests: 0, bytes: 0 });
      p.requests++;
      p.bytes += e.bytes;
      bytesSent += e.bytes;
    }
    const timeline = this.entries.map((e) => ({ ...e }));
    return { requests: timeline.length, bytesSent, byPath, timeline, roundTrips: sequentialRoundTrips(timeline) };
  }
}
