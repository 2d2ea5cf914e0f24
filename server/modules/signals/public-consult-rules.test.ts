import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  ASK_WINDOW,
  newReplyCode,
  normaliseReplyCode,
  passphraseProblem,
  READ_WINDOW,
  REPLY_CODE_ALPHABET,
  replyAccessToken,
  replyCodeHash,
  signalOfReplyAccess,
  windowVerdict,
} from './public-consult-rules.ts';

test('a reply code is four groups of four Crockford base32 characters', () => {
  for (let round = 0; round < 200; round += 1) {
    const code = newReplyCode();
    assert.match(code, /^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/, `code ${code} has the shape XXXX-XXXX-XXXX-XXXX without I, L, O, U`);
  }
  const allZero = newReplyCode((size) => Buffer.alloc(size, 0));
  assert.equal(allZero, '0000-0000-0000-0000', 'byte 0 is the first character of the alphabet');
  const allHigh = newReplyCode((size) => Buffer.alloc(size, 255));
  assert.equal(allHigh, 'ZZZZ-ZZZZ-ZZZZ-ZZZZ', 'byte 255 keeps its low five bits: the last character');
  assert.equal(REPLY_CODE_ALPHABET.length, 32, 'the alphabet has 32 characters: 5 bits each, 80 bits per code');
});

test('a typed code is read whatever its case, spacing and confusable letters', () => {
  assert.equal(normaliseReplyCode('7k3m q9xd 2hpt w4rn'), '7K3M-Q9XD-2HPT-W4RN', 'lower case and spaces are accepted');
  assert.equal(normaliseReplyCode('7K3MQ9XD2HPTW4RN'), '7K3M-Q9XD-2HPT-W4RN', 'a code without dashes is regrouped');
  assert.equal(normaliseReplyCode('O0IL-0000-0000-0000'), '0011-0000-0000-0000', 'O reads as 0, I and L as 1');
  assert.equal(normaliseReplyCode('7K3M-Q9XD-2HPT-W4R'), null, 'a code one character short is no code');
  assert.equal(normaliseReplyCode('7K3M-Q9XD-2HPT-W4RNN'), null, 'a code one character long is no code');
  assert.equal(normaliseReplyCode('7K3M-Q9XD-2HPT-W4RU'), null, 'U is not in the alphabet');
  assert.equal(normaliseReplyCode("7K3M-Q9XD-2HPT-W4R'"), null, 'punctuation is not in the alphabet');
});

test('only a hash of the code is stored, the same for every way of typing it', () => {
  const stored = replyCodeHash(normaliseReplyCode('7K3M-Q9XD-2HPT-W4RN')!);
  assert.equal(replyCodeHash(normaliseReplyCode('7k3mq9xd2hptw4rn')!), stored, 'the normalised forms hash alike');
  assert.doesNotMatch(stored, /7K3M/i, 'the hash does not hold the code');
  assert.match(stored, /^[0-9a-f]{64}$/, 'the hash is a SHA-256 in hex');
});

test('a passphrase has at least 12 characters, counted as characters, not bytes', () => {
  assert.equal(passphraseProblem('elf tekens!'), 'validation.consult.passphrase_too_short', '11 characters are refused');
  assert.equal(passphraseProblem('twaalf tekens'), null, '13 characters will do');
  assert.equal(passphraseProblem('éééééééééééé'), null, '12 accented characters will do');
  assert.equal(passphraseProblem('😀😀😀😀😀😀'), 'validation.consult.passphrase_too_short', '6 emoji are 6 characters, not 12');
  assert.equal(passphraseProblem('x'.repeat(201)), 'validation.consult.passphrase_too_long', 'more than 200 characters are refused');
});

test('the sliding window allows the limit, then says how long to wait', () => {
  const window = { limit: 3, windowSeconds: 60 };
  const now = 1_000_000;
  assert.equal(windowVerdict([], now, window).allowed, true, 'a first attempt is allowed');
  assert.equal(windowVerdict([now - 10_000, now - 5_000], now, window).allowed, true, 'the third attempt is allowed');
  const refused = windowVerdict([now - 50_000, now - 10_000, now - 5_000], now, window);
  assert.equal(refused.allowed, false, 'a fourth attempt within the minute is refused');
  assert.equal(!refused.allowed && refused.retryAfterSeconds, 10, 'the oldest attempt leaves the window in 10 s');
  const later = windowVerdict([now - 61_000, now - 10_000, now - 5_000], now, window);
  assert.equal(later.allowed, true, 'an attempt older than the window no longer counts');
  assert.deepEqual(later.kept, [now - 10_000, now - 5_000], 'the expired attempt is forgotten');
  assert.ok(ASK_WINDOW.limit >= 5 && READ_WINDOW.limit >= 5, 'a person who mistypes a few times is not blocked');
});

test('the reply access token opens one signal until it expires, and cannot be altered', () => {
  const key = Buffer.alloc(32, 7);
  const token = replyAccessToken(key, 'signal-one', 2_000);
  assert.equal(signalOfReplyAccess(key, token, 1_999), 'signal-one', 'a fresh token names its signal');
  assert.equal(signalOfReplyAccess(key, token, 2_000), null, 'an expired token names nothing');
  assert.equal(signalOfReplyAccess(Buffer.alloc(32, 8), token, 1_000), null, 'another installation key refuses the token');
  const [payload, mac] = token.split('.');
  const forged = `${Buffer.from('signal-two.2000').toString('base64url')}.${mac}`;
  assert.equal(signalOfReplyAccess(key, forged, 1_000), null, 'another signal id with the old signature is refused');
  assert.equal(signalOfReplyAccess(key, `${payload}`, 1_000), null, 'a token without signature is refused');
  assert.equal(signalOfReplyAccess(key, `${token}.x`, 1_000), null, 'a token with extra parts is refused');
});
