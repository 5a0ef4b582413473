import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { saveReportPdf } from '../../../../src/main/electron/report-pdf';
import type { StandInWebContents } from '../../support/electron-stand-in';
import { tempDirectory } from '../../support/harness';

const { electron } = await vi.hoisted(() => import('../../support/electron-stand-in'));
vi.mock('electron', () => electron.module());

describe('a report saved as PDF in the desktop app', () => {
  beforeEach(async () => {
    electron.reset();
    await electron.app.becomeReady();
  });

  it('prints the saved report in a hidden window that runs no script, beside the journal, then destroys it', async () => {
    const journals = tempDirectory('report-pdf');
    const htmlPath = join(journals, '20261202-081400-0a1b2c3d.html');
    const html = '<!DOCTYPE html><html lang="en"><head><title>Report</title></head><body><h1>Report</h1></body></html>';
    writeFileSync(htmlPath, html);
    let created: { visible: boolean; webPreferences: Record<string, unknown> } | null = null;
    electron.app.on('web-contents-created', () => {
      const [window] = [...electron.windows];
      if (window) created = { visible: window.isVisible(), webPreferences: window.webContents.webPreferences };
    });
    const printed: unknown[] = [];
    const windowsBefore = electron.windows.size;
    const path = await saveReportPdf({ runId: '20261202-081400-0a1b2c3d', htmlPath }).then((saved) => {
      printed.push(...[...electron.windows]);
      return saved;
    });
    expect(path).toBe(join(journals, '20261202-081400-0a1b2c3d.pdf'));
    expect(readFileSync(path).subarray(0, 5).toString()).toBe('%PDF-');
    expect(readFileSync(path, 'utf8')).toContain('<h1>Report</h1>');
    expect(created).toMatchObject({
      visible: false,
      webPreferences: { javascript: false, sandbox: true, contextIsolation: true, nodeIntegration: false },
    });
    // The hidden window is gone once the PDF is written.
    expect(printed).toEqual([]);
    expect(electron.windows.size).toBe(windowsBefore);
  });

  it('prints the report file itself, in A4 with its colours', async () => {
    const journals = tempDirectory('report-pdf');
    const htmlPath = join(journals, 'run-0001.html');
    writeFileSync(htmlPath, '<!DOCTYPE html><p>x</p>');
    const contents: StandInWebContents[] = [];
    electron.app.on('web-contents-created', (_event: unknown, created: StandInWebContents) => contents.push(created));
    await saveReportPdf({ runId: 'run-0001', htmlPath });
    expect(contents).toHaveLength(1);
    expect(contents[0]?.isDestroyed()).toBe(true);
    const calls = contents[0]?.printed;
    expect(calls).toEqual([
      {
        url: pathToFileURL(htmlPath).href,
        document: '<!DOCTYPE html><p>x</p>',
        options: expect.objectContaining({ pageSize: 'A4', printBackground: true }),
      },
    ]);
  });

  it('destroys the hidden window and writes nothing when the report cannot be loaded', async () => {
    const journals = tempDirectory('report-pdf');
    const htmlPath = join(journals, 'missing.html');
    await expect(saveReportPdf({ runId: 'missing', htmlPath })).rejects.toThrow();
    expect(existsSync(join(journals, 'missing.pdf'))).toBe(false);
    expect(electron.windows.size).toBe(0);
  });
});
