/** The part of autocannon's programmatic API the benchmarks use (the package ships no types). */
declare module 'autocannon' {
  namespace autocannon {
    interface Histogram {
      readonly average: number;
      readonly mean: number;
      readonly stddev: number;
      readonly min: number;
      readonly max: number;
      readonly total: number;
      readonly p50: number;
      readonly p99: number;
    }

    interface Options {
      readonly url: string;
      readonly connections?: number;
      readonly duration?: number;
      /** Worker threads that fire the requests, so the load does not share the server's event loop. */
      readonly workers?: number;
      readonly pipelining?: number;
      readonly method?: string;
      readonly headers?: Record<string, string>;
    }

    interface Result {
      readonly requests: Histogram;
      readonly latency: Histogram;
      readonly throughput: Histogram;
      readonly duration: number;
      readonly errors: number;
      readonly timeouts: number;
      readonly non2xx: number;
      /** Answers with a 2xx status. */
      readonly '2xx': number;
    }
  }

  /** A CommonJS module: `module.exports = autocannon`. */
  function autocannon(options: autocannon.Options): Promise<autocannon.Result>;
  export = autocannon;
}
