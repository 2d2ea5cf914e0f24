/**
 * The scale bench's load generator, in a worker thread so it does not share the server's event loop:
 * `concurrency` keep-alive connections each send the next request as soon as the previous answer is
 * read, first for a warm-up (discarded), then for the measured duration. Posts every latency (ms),
 * the number of answers and of failures back to the parent.
 */
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';

export interface LoadOrder {
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly concurrency: number;
  readonly warmUpMs: number;
  readonly durationMs: number;
}

export interface LoadReport {
  readonly latenciesMs: number[];
  readonly elapsedMs: number;
  readonly failures: number;
  readonly firstFailure: string | null;
}

const order = workerData as LoadOrder;
const agent = new Agent({ keepAlive: true, maxSockets: order.concurrency });

function once(): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const outgoing = request(order.url, { agent, headers: order.headers }, (incoming) => {
      const chunks: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
      incoming.on('end', () => resolve({ status: incoming.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      incoming.on('error', reject);
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}

async function phase(durationMs: number, record: boolean): Promise<LoadReport> {
  const latenciesMs: number[] = [];
  let failures = 0;
  let firstFailure: string | null = null;
  const start = performance.now();
  const end = start + durationMs;
  const connection = async () => {
    while (performance.now() < end) {
      const sent = performance.now();
      try {
        const answer = await once();
        if (answer.status !== 200) {
          failures += 1;
          firstFailure ??= `${answer.status}: ${answer.body.slice(0, 300)}`;
        } else if (record) latenciesMs.push(performance.now() - sent);
      } catch (error) {
        failures += 1;
        firstFailure ??= error instanceof Error ? error.message : String(error);
      }
    }
  };
  await Promise.all(Array.from({ length: order.concurrency }, connection));
  return { latenciesMs, elapsedMs: performance.now() - start, failures, firstFailure };
}

const warmUp = await phase(order.warmUpMs, false);
const measured = await phase(order.durationMs, true);
agent.destroy();
const report: LoadReport = {
  ...measured,
  failures: warmUp.failures + measured.failures,
  firstFailure: warmUp.firstFailure ?? measured.firstFailure,
};
parentPort!.postMessage(report);
