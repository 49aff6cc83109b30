import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertLoopbackUrl, isLoopbackHostname } from '../../../src/processor/sources/loopback';

const accepted: Array<[string, string]> = [
  ['http://127.0.0.1:11434', '127.0.0.1'],
  ['http://localhost:11434', 'localhost'],
  ['http://LOCALHOST:11434', 'localhost'],
  ['https://127.0.0.1', '127.0.0.1'],
  ['http://127.8.9.10:8080/ollama', '127.8.9.10'],
  ['http://[::1]:11434', '[::1]'],
  ['http://[0:0:0:0:0:0:0:1]:11434', '[::1]'],
  // Other spellings of 127.0.0.1: the URL parser (the same one fetch uses) turns
  // them into 127.0.0.1, so they are loopback and fetch connects to loopback.
  ['http://0x7f.1', '127.0.0.1'],
  ['http://127.1', '127.0.0.1'],
  ['http://2130706433', '127.0.0.1'],
  ['http://0177.0.0.1', '127.0.0.1'],
  [' http://127.0.0.1:11434 ', '127.0.0.1'],
  // A backslash ends the host for http URLs: what fetch connects to is 127.0.0.1.
  ['http://127.0.0.1:11434\\@evil.com', '127.0.0.1'],
];

for (const [url, host] of accepted) {
  test(`accepts ${JSON.stringify(url)} as ${host}`, () => {
    const u = assertLoopbackUrl(url);
    assert.equal(u.hostname, host);
  });
}

const refused: Array<[string, RegExp]> = [
  ['http://127.0.0.1.evil.com', /is not on this computer/],
  ['http://127.0.0.1%2eevil.com', /is not on this computer/],
  ['http://127.0.0.1@evil.com', /user name or password/],
  ['http://user:pw@127.0.0.1:11434', /user name or password/],
  ['http://evil.com\\@127.0.0.1', /is not on this computer/],
  ['http://[::ffff:127.0.0.1]:11434', /is not on this computer/],
  ['http://0.0.0.0:11434', /is not on this computer/],
  ['http://192.168.1.20:11434', /is not on this computer/],
  ['http://10.0.0.1', /is not on this computer/],
  ['http://128.0.0.1', /is not on this computer/],
  ['http://foo.localhost', /is not on this computer/],
  ['http://localhost.', /is not on this computer/],
  ['http://localhost.evil.com', /is not on this computer/],
  ['http://ollama.example.org:11434', /is not on this computer/],
  ['http://[2001:db8::1]:11434', /is not on this computer/],
  ['ftp://127.0.0.1', /uses "ftp", not http/],
  ['file:///etc/passwd', /uses "file", not http/],
  ['127.0.0.1:11434', /not http|not a web address/],
  ['', /is not a web address/],
  ['not a url', /is not a web address/],
];

for (const [url, why] of refused) {
  test(`refuses ${JSON.stringify(url)}`, () => {
    assert.throws(
      () => assertLoopbackUrl(url),
      (e: unknown) => {
        assert.ok(e instanceof Error);
        assert.match(e.message, why);
        // Every refusal tells the coordinator what to do and why it matters.
        assert.match(e.message, /on this computer \(for example http:\/\/127\.0\.0\.1:11434\)/);
        assert.match(e.message, /patient images/);
        return true;
      },
    );
  });
}

test('isLoopbackHostname works on parsed hostnames only', () => {
  assert.equal(isLoopbackHostname('127.255.255.254'), true);
  assert.equal(isLoopbackHostname('127.256.0.1'), false);
  assert.equal(isLoopbackHostname('1127.0.0.1'), false);
  assert.equal(isLoopbackHostname('::1'), false); // URL hostnames keep the brackets
  assert.equal(isLoopbackHostname('[::1]'), true);
});
