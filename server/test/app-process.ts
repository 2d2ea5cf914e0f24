import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface AppProcess {
  /** The address the process said it answers on ("Partnertafel is running at …"). */
  readonly url: string;
  readonly child: ChildProcess;
  /** Everything written to stdout and stderr so far (for failure messages). */
  output(): string;
  /**
   * The first match of `pattern` in the output, waiting for lines the process writes after its
   * address (the setup link, say) up to `timeoutMs`; null when it never comes.
   */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray | null>;
  /** SIGTERM, then the exit code (SIGKILL after 10 s). */
  stop(): Promise<number | null>;
}

/**
 * Starts a real application process the way production does: `node <entry> <args>` from the repository
 * root with only the given environment (no tsx loader), and waits until it prints its address. The
 * entry is `bin/partnertafel.js` (the precompiled CLI, built first when needed) unless given.
 */
export function startAppProcess(options: {
  args?: readonly string[];
  env: Record<string, string>;
  entry?: string;
  timeoutMs?: number;
}): Promise<AppProcess> {
  const entry = options.entry ?? 'bin/partnertafel.js';
  const child = spawn(process.execPath, [entry, ...(options.args ?? ['serve', '--port', '0'])], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', LOG_LEVEL: 'warn', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const waitForOutput = async (pattern: RegExp, timeoutMs = 10_000): Promise<RegExpExecArray | null> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const match = pattern.exec(output);
      if (match || Date.now() >= deadline || child.exitCode !== null) return match;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const stop = async (): Promise<number | null> => {
    if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    const code = await exited;
    clearTimeout(timer);
    return code;
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`${entry} did not say where it runs within ${options.timeoutMs ?? 60_000} ms:\n${output}`));
    }, options.timeoutMs ?? 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const running = /Partnertafel is running at (\S+) /.exec(output);
      if (!running) return;
      clearTimeout(timer);
      child.stdout.off('data', onData);
      child.stdout.on('data', (more: Buffer) => {
        output += more.toString('utf8');
      });
      resolve({ url: running[1]!, child, output: () => output, waitForOutput, stop });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${entry} exited with ${String(code)} before it answered:\n${output}`));
    });
  });
}
