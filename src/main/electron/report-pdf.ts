import { join, dirname } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BrowserWindow } from 'electron';
import { replaceFileContents } from '../host/replace-file';

/**
 * A run's report saved as PDF beside its HTML (`journals/<run id>.pdf`): Chromium prints the saved
 * report file in a hidden window of its own, which runs no script and is destroyed once printed.
 * The window gets an in-memory session of its own, so the wizard's session rules, which let only
 * the wizard's pages load, neither stop it nor are loosened for it.
 */
export async function saveReportPdf(report: { runId: string; htmlPath: string }): Promise<string> {
  const window = new BrowserWindow({
    show: false,
    width: 1000,
    height: 1400,
    webPreferences: {
      // The report has no script; the window that prints it runs none either.
      javascript: false,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webSecurity: true,
      partition: 'report-pdf',
      spellcheck: false,
    },
  });
  try {
    await window.loadURL(pathToFileURL(report.htmlPath).href);
    const pdf = await window.webContents.printToPDF({
      pageSize: 'A4',
      printBackground: true,
      preferCSSPageSize: true,
      displayHeaderFooter: false,
    });
    const path = join(dirname(report.htmlPath), `${report.runId}.pdf`);
    replaceFileContents(path, pdf);
    return path;
  } finally {
    window.destroy();
  }
}
