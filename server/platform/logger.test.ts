import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import { createLogger } from './logger.ts';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, stream };
}

test('request logs keep the path but drop query strings, headers and bodies', () => {
  const { lines, stream } = capture();
  const logger = createLogger('info', stream);
  logger.info(
    { req: { id: 'r1', method: 'GET', url: '/setup?token=very-secret-setup-token', headers: { cookie: 'pt_session=abc' } } },
    'incoming request',
  );
  logger.info({ req: { id: 'r2', method: 'GET', url: '/invitation/Zx9aQ1bC2dE3fG4hI5jK6lM7nO8pQ9rS0tU1vW2xY3z' } }, 'incoming request');
  logger.info(
    {
      email: 'top.level@rivierstede.example',
      body: { email: 'kim.claes@rivierstede.example' },
      user: { email: 'kim.claes@rivierstede.example', password: 'hunter2hunter2' },
    },
    'something',
  );
  const output = lines.join('');
  assert.match(output, /"path":"\/setup"/, 'output matches /"path":"\\/setup"/');
  assert.match(output, /"path":"\/invitation\/\[secret\]"/, 'output matches /"path":"\\/invitation\\/\\[secret\\]"/');
  for (const secret of [
    'Zx9aQ1bC2dE3fG4hI5jK6lM7nO8pQ9rS0tU1vW2xY3z',
    'top.level@rivierstede.example',
    'very-secret-setup-token',
    'pt_session=abc',
    'kim.claes@rivierstede.example',
    'hunter2hunter2',
  ]) {
    assert.ok(!output.includes(secret), `${secret} leaked into the log`);
  }
});
