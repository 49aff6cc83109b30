import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildMenuTemplate, type MenuItem } from '../../src/main/menu';
import { processorCommand } from '../../src/main/processor-command';

const flat = (items: MenuItem[]): MenuItem[] => items.flatMap((i) => [i, ...flat(i.submenu ?? [])]);

for (const platform of ['linux', 'win32', 'darwin']) {
  test(`menu on ${platform} opens logs and outputs and quits`, () => {
    const calls: string[] = [];
    const items = flat(buildMenuTemplate({ platform, openLogs: () => calls.push('logs'), openOutputs: () => calls.push('outputs'), quit: () => calls.push('quit') }));
    items.find((i) => i.label === 'Open Logs Folder')!.click!();
    items.find((i) => i.label === 'Open Output Folder')!.click!();
    items.find((i) => /Quit/.test(i.label ?? ''))!.click!();
    assert.deepEqual(calls, ['logs', 'outputs', 'quit']);
  });
}

test('packaged: the processor runs on Electron as Node, from outside the asar', () => {
  const c = processorCommand(true, '/opt/AltDeck/resources/app.asar/dist', '/opt/AltDeck/altdeck');
  assert.equal(c.command, '/opt/AltDeck/altdeck');
  assert.deepEqual(c.args, ['/opt/AltDeck/resources/app.asar.unpacked/dist/processor/main.js']);
  assert.equal(c.env.ELECTRON_RUN_AS_NODE, '1');
  const dev = processorCommand(false, '/src/altdeck/dist', '/usr/bin/electron');
  assert.deepEqual(dev.args, ['/src/altdeck/dist/processor/main.js']);
});
