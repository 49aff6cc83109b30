/**
 * The model server must run on this computer. Slides can hold patient images, so
 * AltDeck sends pictures only to an address that cannot leave the machine.
 *
 * The check runs on the URL exactly as node's fetch will parse it (WHATWG URL), so
 * what we approve is what we connect to: `http://0x7f.1` and `http://2130706433`
 * are normalised to 127.0.0.1 by the parser and are accepted as such, while
 * `127.0.0.1.evil.com` and `http://127.0.0.1@evil.com` parse to a foreign host.
 */

const EXAMPLE = 'http://127.0.0.1:11434';

function refuse(what: string, why: string): never {
  throw new Error(
    `The model server address "${what}" ${why}. AltDeck only sends pictures to a model server on this computer ` +
      `(for example ${EXAMPLE}), because slides can hold patient images and nothing may leave the machine.`,
  );
}

/** True for the parsed hostname of a loopback address: 127.0.0.0/8, ::1 or localhost. */
export function isLoopbackHostname(hostname: string): boolean {
  if (hostname === 'localhost') return true;
  if (hostname === '[::1]') return true;
  // The WHATWG parser has already turned every IPv4 spelling into dotted decimal.
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(hostname);
  return m !== null && m[1] === '127' && m.slice(2).every((o) => Number(o) <= 255);
}

/**
 * Parse `url` and return it only if it is an http(s) address on this computer;
 * otherwise throw an Error whose message a coordinator can act on.
 */
export function assertLoopbackUrl(url: string): URL {
  const text = String(url ?? '').trim();
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    refuse(text, 'is not a web address');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    refuse(text, `uses "${parsed.protocol.replace(/:$/, '')}", not http`);
  }
  // A name and password in the address are never needed by a local server, and
  // `user@host` is the classic way to make a foreign host look local.
  if (parsed.username !== '' || parsed.password !== '') {
    refuse(text, 'contains a user name or password');
  }
  if (!isLoopbackHostname(parsed.hostname)) {
    refuse(text, 'is not on this computer');
  }
  return parsed;
}
