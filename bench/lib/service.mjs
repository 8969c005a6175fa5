// The bench's Restate test service (fallback until tests/harness/testService.mjs is available).
// Usage: node lib/service.mjs <port>. h2c on 127.0.0.1 only.
if (typeof Promise.withResolvers !== 'function') {
  // @restatedev/restate-sdk 1.17 needs it; Node 20 lacks it
  Promise.withResolvers = function () {
    let resolve, reject;
    const promise = new this((res, rej) => {
      resolve = res;
      reject = rej;
    });
    return { promise, resolve, reject };
  };
}
const restate = await import('@restatedev/restate-sdk');
const http2 = await import('node:http2');

const greeter = restate.service({
  name: 'greeter',
  handlers: {
    greet: async (_ctx, input) => {
      const name = typeof input === 'string' ? input : (input && input.name) || 'world';
      return `Hello, ${name}!`;
    },
    slow: async (ctx, input) => {
      const seconds = (input && input.seconds) || 20;
      await ctx.sleep(seconds * 1000);
      return `slept ${seconds}s`;
    },
    fail: async () => {
      throw new restate.TerminalError('this always fails', { errorCode: 418 });
    },
  },
});

const counter = restate.object({
  name: 'counter',
  handlers: {
    add: async (ctx, delta) => {
      const d = typeof delta === 'number' ? delta : (delta && delta.delta) || 1;
      const next = ((await ctx.get('count')) ?? 0) + d;
      ctx.set('count', next);
      return next;
    },
    get: restate.handlers.object.shared(async (ctx) => (await ctx.get('count')) ?? 0),
  },
});

const port = Number(process.argv[2] || 9080);
const server = http2.createServer(restate.createEndpointHandler({ services: [greeter, counter] }));
server.listen(port, '127.0.0.1', () => console.log(`listening ${port}`));
const stop = () => {
  server.close();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
