// How the client starts the language server's Node process, shared with the benchmark so that
// its keystroke figures come from an engine running the same way.
//
// A fixed 64 MB young generation (semi-space; V8's default starts at 1 MB and grows to 16 MB):
// a keystroke at 5,000 lines allocates about 2 MB, so with the default about one keystroke in
// eight paid for a young-generation collection of about 10 ms, which set the p95. With 64 MB,
// p95 at 5,000 lines had a median of 15.5 ms over 14 quiet runs (10.7-18.2), against 19.4 ms
// over 7 (15.3-21.0) without (bench --latency-only and npm run bench). The cost is memory: up
// to about 100 MB more resident once the server has worked a while (pages are taken as the
// young generation fills, not at start).
export const SERVER_EXEC_ARGV: readonly string[] = ['--min-semi-space-size=64', '--max-semi-space-size=64'];
