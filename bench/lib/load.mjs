// Loads a Restate cluster with invocations through ingress `send` (fire-and-forget), with bounded
// concurrency and a bounded run time. Meant to run under `nice -n 10` (bench/run.mjs does that).
// Usage: node bench/lib/load.mjs <ingressUrl> <count> [concurrency] [maxSeconds] [seed]
const [ingress, countArg, concArg = '16', maxSecArg = '1800', seedArg = '1'] = process.argv.slice(2);
const count = Number(countArg);
const concurrency = Number(concArg);
const deadline = Date.now() + Number(maxSecArg) * 1000;
let seed = Number(seedArg) >>> 0 || 1;

// small deterministic PRNG so two loads of the same size have the same mix
function rnd() {
  seed ^= seed << 13;
  seed >>>= 0;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  seed >>>= 0;
  return seed / 4294967296;
}

// The mix: mostly successful greets, terminal failures, virtual-object calls on many keys, and a few
// long durable sleeps that stay suspended (so not everything is completed).
function nextRequest(i) {
  const r = rnd();
  if (r < 0.002) {
    return ['/greeter/slow/send', { seconds: 30 * 24 * 3600 }];
  }
  if (r < 0.15) {
    return ['/greeter/fail/send', {}];
  }
  if (r < 0.3) {
    return [`/counter/key-${Math.floor(rnd() * 5000)}/add/send`, Math.floor(rnd() * 10) + 1];
  }
  return ['/greeter/greet/send', `user-${i}`];
}

let next = 0;
let ok = 0;
let failed = 0;
let lastError = '';
const t0 = Date.now();

async function worker() {
  while (next < count && Date.now() < deadline) {
    const i = next++;
    const [p, body] = nextRequest(i);
    let attempts = 0;
    for (;;) {
      attempts++;
      try {
        const r = await fetch(ingress + p, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
        await r.arrayBuffer();
        if (r.ok) {
          ok++;
          break;
        }
        lastError = `HTTP ${r.status}`;
      } catch (e) {
        lastError = String(e?.cause?.code ?? e);
      }
      if (attempts >= 5 || Date.now() > deadline) {
        failed++;
        break;
      }
      await new Promise((res) => setTimeout(res, 200 * attempts));
    }
  }
}

const progress = setInterval(() => {
  const s = (Date.now() - t0) / 1000;
  const rate = ok / s;
  const eta = rate > 0 ? Math.round((count - ok - failed) / rate) : '?';
  console.log(
    `[load] ${ok}/${count} sent (${failed} failed${lastError ? `, last: ${lastError}` : ''}) ` +
      `${rate.toFixed(0)}/s, ${s.toFixed(0)} s elapsed, ~${eta} s left`
  );
}, 5000);

await Promise.all(Array.from({ length: concurrency }, worker));
clearInterval(progress);
const s = (Date.now() - t0) / 1000;
console.log(`[load] done: ${ok} sent, ${failed} failed in ${s.toFixed(1)} s (${(ok / s).toFixed(0)}/s)`);
process.exit(failed > count * 0.01 ? 1 : 0);
