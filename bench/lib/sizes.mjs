// The bench's three data sets: bench/.data/<name>, loaded towards `target` invocations (environment overrides).
export const SIZES = {
  small: { target: Number(process.env.BENCH_SMALL || 1000), label: '1k' },
  big: { target: Number(process.env.BENCH_BIG || 100000), label: '100k' },
  huge: { target: Number(process.env.BENCH_HUGE || 1000000), label: '1M' },
};
