// otlp-capture.cjs OUT N - OTLP/JSON from the OpenTelemetry JS SDK, as a real application
// exports it: a BasicTracerProvider with the OTLP/HTTP trace exporter posting to a tiny
// capture server on 127.0.0.1 (started here), which writes each request body it receives
// to OUT (one request per line, as the Collector's file exporter does). N spans of three
// names, with busy-waited durations and every fifth one ended with status ERROR.
// NODE_PATH must lead to @opentelemetry/* (tests/e2e/.otel/node_modules).
'use strict';
const http = require('http');
const fs = require('fs');
const { BasicTracerProvider, BatchSpanProcessor } = require('@opentelemetry/sdk-trace-base');
const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-http');
const { resourceFromAttributes } = require('@opentelemetry/resources');

const out = process.argv[2];
const n = Number(process.argv[3] || 40);
const bodies = [];

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    bodies.push(Buffer.concat(chunks).toString('utf8').replace(/\n/g, ''));
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end('{}');
  });
});

server.listen(0, '127.0.0.1', async () => {
  const url = `http://127.0.0.1:${server.address().port}/v1/traces`;
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'checkout' }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url }), { maxExportBatchSize: 16 })],
  });
  const tracer = provider.getTracer('perf-reporter-test');
  const names = ['GET /cart', 'POST /pay', 'db.query'];
  for (let i = 0; i < n; i++) {
    const span = tracer.startSpan(names[i % 3]);
    const until = process.hrtime.bigint() + BigInt(200000 + (i % 7) * 150000);
    while (process.hrtime.bigint() < until);
    if (i % 5 === 4) span.setStatus({ code: 2, message: 'failed' });
    span.end();
  }
  await provider.forceFlush();
  await provider.shutdown();
  fs.writeFileSync(out, bodies.map((b) => b + '\n').join(''));
  server.close();
});
