import { join, resolve } from 'node:path';
import { app, dialog, type BrowserWindow } from 'electron';
import { describeDataFolderHolder, lockDataFolder } from '../app/data-folder-lock';
import { portableKitFolder } from '../app/kit-site';
import { createWizardCore } from '../app/wizard-core';
import { createWindowsHost } from '../host/windows/windows-host';
import { registerAppScheme, serveRenderer } from './app-protocol';
import { registerIpc, sendEvent } from './ipc';
import { saveReportPdf } from './report-pdf';
import { APP_ORIGIN, applySessionRestrictions, restrictWebContents } from './security-restrictions';
import { createWizardWindow } from './wizard-window';

/**
 * The desktop wizard: one window, one instance, one wizard per data folder. On Windows it can
 * drive the real site; the drill site is always there for practice.
 */

const appRoot = resolve(__dirname, '..', '..');
const resources = app.isPackaged ? process.resourcesPath : appRoot;

/** The portable build keeps its journals beside the .exe, on the USB stick with the kit. */
function dataDirectory(): string {
  const portableDirectory = process.env.PORTABLE_EXECUTABLE_DIR;
  return portableDirectory ? join(portableDirectory, 'RecoveryWizard-data') : app.getPath('userData');
}

const REFUSED_TITLE = 'The wizard is already running';
const dataFolder = dataDirectory();

if (!app.requestSingleInstanceLock()) {
  // The first wizard hears of this one through 'second-instance' and comes to the front.
  dialog.showErrorBox(
    REFUSED_TITLE,
    describeDataFolderHolder(dataFolder) ??
      'Another System Center Recovery Wizard is already open on this computer: its window has been brought to the front.',
  );
  app.quit();
} else {
  startWizard();
}

function startWizard(): void {
  const lock = lockDataFolder(dataFolder, 'electron');
  if (!lock.held) {
    dialog.showErrorBox(REFUSED_TITLE, lock.message);
    app.quit();
    return;
  }
  app.on('will-quit', () => lock.release());
  registerAppScheme();
  let mainWindow: BrowserWindow | null = null;

  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('web-contents-created', (_event, contents) => restrictWebContents(contents));
  app.on('window-all-closed', () => app.quit());

  void app.whenReady().then(() => {
    applySessionRestrictions();
    const windowsHost =
      process.platform === 'win32'
        ? () => createWindowsHost({ scriptsDir: join(resources, 'assets', 'scripts') })
        : undefined;
    const core = createWizardCore({
      host: 'electron',
      version: app.getVersion(),
      dataDirectory: dataFolder,
      drillManifestPath: join(resources, 'assets', 'drill', 'contoso-site.json'),
      drillSpeed: 10,
      realHost: windowsHost,
      realModeUnavailableReason: 'Real recovery runs on Windows only: this computer can run drills.',
      portableKitFolder: portableKitFolder(process.env.PORTABLE_EXECUTABLE_DIR),
      emit: (channel, payload) => sendEvent(mainWindow, channel, payload),
      saveReportPdf,
    });
    serveRenderer(join(appRoot, 'out', 'renderer'), core.handlers);
    registerIpc(core.handlers, () => mainWindow);
    app.on('will-quit', () => void core.dispose());

    mainWindow = createWizardWindow(join(__dirname, '..', 'preload', 'index.js'));
    mainWindow.once('ready-to-show', () => mainWindow?.show());
    mainWindow.on('close', (event) => {
      if (!core.runs.hasActiveRun() || !mainWindow) return;
      const choice = dialog.showMessageBoxSync(mainWindow, {
        type: 'warning',
        buttons: ['Keep the wizard open', 'Close anyway'],
        defaultId: 0,
        cancelId: 0,
        message: 'A recovery run is in progress.',
        detail:
          'If you close now, the current step is interrupted. The journal keeps every finished step, and the run can be resumed from the start page.',
      });
      if (choice === 0) event.preventDefault();
    });
    mainWindow.on('closed', () => {
      mainWindow = null;
    });
    void mainWindow.loadURL(`${APP_ORIGIN}/index.html`);
  });
}
