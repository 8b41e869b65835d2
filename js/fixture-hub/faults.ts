// Fault injection for the fixture hub. A fault applies to requests whose path matches; the first
// matching fault that still has something to do decides. Counted faults ("the first N requests")
// keep their own counters, so a test sets them and reads the outcome from the stats.

export interface Fault {
  /** Which request paths (URL pathname, decoded) this fault applies to: a substring, or a RegExp. Default: all. */
  match?: string | RegExp;
  /** Only these methods (default: all but OPTIONS). */
  methods?: string[];
  /** Added delay before the response starts, in ms. */
  latencyMs?: number;
  /** Answer 429 (with Retry-After: retryAfterSeconds) to the first N matching requests, then behave. */
  fail429?: number;
  retryAfterSeconds?: number;
  /** Answer 500 to the first N matching requests (Infinity: always). */
  fail500?: number;
  /** Answer this status (with a JSON error body) to every matching request. */
  status?: number;
  /** Send the body slowly: `bytes` per tick of `intervalMs`. */
  trickle?: { bytes: number; intervalMs: number };
  /** Destroy the connection after this many body bytes (Content-Length still promises the full body). */
  truncateAfterBytes?: number;
  /** With truncateAfterBytes: truncate only the first N matching requests (a body broken once, then good). */
  truncateFirst?: number;
  /** Ignore Range and send the whole file gzipped (Content-Encoding: gzip, Content-Length of the gzip). */
  gzipBody?: boolean;
  /** Answer a Range with 206 and the requested Content-Range, but only this many body bytes (Content-Length says so). */
  shortBody?: number;
  /** File names appended to the model info's siblings (hostile names from a server). */
  extraSiblings?: string[];
  /** Ignore Range: answer 200 with the whole (virtual) file. */
  ignoreRange?: boolean;
  /** Answer 206 with a Content-Range that does not match the request. */
  wrongContentRange?: boolean;
  /** Answer 206 with a Content-Range whose total is missing ("bytes a-b/*"). */
  unknownTotal?: boolean;
  /** Redirect (302) to the same path on another origin, e.g. "http://127.0.0.1:9999". */
  redirectTo?: string;
  /** Serve this value as the 8-byte little-endian header length of the file (a hostile header). */
  headerLength?: number | bigint;
}

/** The combined effect of the faults on one request. */
export interface FaultPlan {
  latencyMs: number;
  status?: { code: number; retryAfterSeconds?: number };
  trickle?: { bytes: number; intervalMs: number };
  truncateAfterBytes?: number;
  gzipBody?: boolean;
  shortBody?: number;
  extraSiblings?: string[];
  ignoreRange: boolean;
  wrongContentRange: boolean;
  unknownTotal: boolean;
  redirectTo?: string;
  headerLength?: bigint;
}

interface ArmedFault {
  fault: Fault;
  seen: number;
}

export class FaultInjector {
  private faults: ArmedFault[] = [];

  set(faults: Fault[] | Fault | null | undefined): void {
    const list = faults == null ? [] : Array.isArray(faults) ? faults : [faults];
    this.faults = list.map((fault) => ({ fault, seen: 0 }));
  }

  /** Decides what happens to a request (and advances the counted faults). */
  plan(method: string, path: string, baseLatencyMs: number): FaultPlan {
    const plan: FaultPlan = { latencyMs: baseLatencyMs, ignoreRange: false, wrongContentRange: false, unknownTotal: false };
    for (const armed of this.faults) {
      const f = armed.fault;
      const methods = f.methods ?? ['GET', 'HEAD'];
      if (!methods.includes(method)) continue;
      if (f.match !== undefined && !(typeof f.match === 'string' ? path.includes(f.match) : f.match.test(path))) continue;
      armed.seen++;
      plan.latencyMs += f.latencyMs ?? 0;
      if (plan.status === undefined) {
        if (f.fail429 !== undefined && armed.seen <= f.fail429) {
          plan.status = { code: 429, retryAfterSeconds: f.retryAfterSeconds ?? 0 };
        } else if (f.fail500 !== undefined && armed.seen <= f.fail500) {
          plan.status = { code: 500 };
        } else if (f.status !== undefined) {
          plan.status = { code: f.status };
        }
      }
      if (f.trickle) plan.trickle = f.trickle;
      if (f.truncateAfterBytes !== undefined && (f.truncateFirst === undefined || armed.seen <= f.truncateFirst)) {
        plan.truncateAfterBytes = f.truncateAfterBytes;
      }
      if (f.gzipBody) plan.gzipBody = true;
      if (f.shortBody !== undefined) plan.shortBody = f.shortBody;
      if (f.extraSiblings) plan.extraSiblings = [...(plan.extraSiblings ?? []), ...f.extraSiblings];
      if (f.ignoreRange) plan.ignoreRange = true;
      if (f.wrongContentRange) plan.wrongContentRange = true;
      if (f.unknownTotal) plan.unknownTotal = true;
      if (f.redirectTo) plan.redirectTo = f.redirectTo;
      if (f.headerLength !== undefined) plan.headerLength = BigInt(f.headerLength);
    }
    return plan;
  }
}
