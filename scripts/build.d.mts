// Types of scripts/build.mjs for the TypeScript tests and benches that use it.
export interface BuildRecord {
  readonly build: string;
  readonly esbuild: string;
  readonly node: string;
  readonly builtAt: string;
  readonly inputs: Readonly<Record<string, readonly [number, number]>>;
}
export const ROOT: string;
export const DIST: string;
export function staleReason(current?: BuildRecord | null): string | null;
export function build(): Promise<BuildRecord>;
export function ensureBuilt(options?: { log?: (line: string) => void }): Promise<string>;
export function builtEntry(entry: 'main' | 'cli', options?: { log?: (line: string) => void }): Promise<string>;
