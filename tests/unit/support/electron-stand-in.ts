import { EventEmitter } from 'node:events';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

/**
 * A stand-in for the parts of the `electron` module that src/main/electron and src/preload use,
 * behaving as Electron 39 documents them, so that code runs in vitest without the Electron
 * binary. Tests play Chromium's part through it: a page navigating or opening a window, a frame
 * calling over IPC, a permission prompt, a response arriving, a second instance starting.
 *
 * What it keeps from Electron, because the code under test depends on it:
 * - `protocol.registerSchemesAsPrivileged` only before the app is ready, `protocol.handle` and
 *   `session.defaultSession` only after; a scheme handled twice and an IPC channel handled twice
 *   throw; a standard scheme's URLs reach the handler canonical (lower-case host, no dot segments).
 * - `will-navigate` fires for navigations the page starts, not for `loadURL`; `will-frame-navigate`
 *   for every frame; cancelling either keeps the page where it was.
 * - An IPC call carries its sender (the WebContents) and its sender frame (null once the frame is
 *   gone), frames are told apart by renderer process and routing id, and arguments and results are
 *   copied by structured clone.
 * - Without a window-open handler a new window opens; without permission handlers every permission
 *   is granted; `contextBridge` works only under context isolation.
 */

export class StandInEvent {
  defaultPrevented = false;
  preventDefault(): void {
    this.defaultPrevented = true;
  }
}

type Listener = (event: unknown, ...args: unknown[]) => void;

let lastProcessId = 0;
let lastRoutingId = 0;
let lastWebContentsId = 0;

export class StandInFrame {
  readonly frames: StandInFrame[] = [];
  readonly routingId = ++lastRoutingId;
  detached = false;

  constructor(
    public url: string,
    readonly processId: number,
    readonly parent: StandInFrame | null,
  ) {}

  get top(): StandInFrame {
    return this.parent ? this.parent.top : this;
  }

  /** An iframe the page adds: in Chromium a same-site frame shares its parent's renderer process. */
  addChild(url: string): StandInFrame {
    const child = new StandInFrame(url, this.processId, this);
    this.frames.push(child);
    return child;
  }
}

export interface WindowOpenDetails {
  url: string;
  frameName: string;
  features: string;
  disposition: string;
  referrer: { url: string; policy: string };
}

type WindowOpenHandler = (details: WindowOpenDetails) => { action: 'allow' | 'deny' };

export interface StandInWebPreferences {
  preload?: string;
  contextIsolation?: boolean;
  sandbox?: boolean;
  devTools?: boolean;
  [preference: string]: unknown;
}

export class StandInWebContents extends EventEmitter {
  readonly id = ++lastWebContentsId;
  readonly mainFrame: StandInFrame;
  /** What the preload's `contextBridge.exposeInMainWorld` put on the page's window. */
  readonly mainWorld: Record<string, unknown> = {};
  /** The preload's `ipcRenderer.on` listeners. */
  readonly rendererListeners = new Map<string, Set<Listener>>();
  /** Each `printToPDF` call: the page's URL, the document loaded there, and the options. */
  readonly printed: { url: string; document: string; options: Record<string, unknown> }[] = [];
  private loadedDocument: string | null = null;
  private destroyed = false;
  private windowOpenHandler: WindowOpenHandler | null = null;

  constructor(
    private readonly world: ElectronStandIn,
    readonly webPreferences: StandInWebPreferences,
  ) {
    super();
    this.mainFrame = new StandInFrame('about:blank', ++lastProcessId, null);
  }

  getURL(): string {
    return this.mainFrame.url;
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }

  send(channel: string, ...args: unknown[]): void {
    if (this.destroyed) throw new TypeError('Object has been destroyed');
    const event = { sender: this.world.ipcRenderer };
    for (const listener of this.rendererListeners.get(channel) ?? []) listener(event, ...structuredClone(args));
  }

  setWindowOpenHandler(handler: WindowOpenHandler): void {
    this.windowOpenHandler = handler;
  }

  destroy(): void {
    this.destroyed = true;
    this.emit('destroyed');
  }

  // What Chromium does, driven by the tests.

  /** The main process loads a URL: no will-navigate, that event is for navigations the page starts. */
  async load(url: string): Promise<Response> {
    const canonical = this.world.canonicalUrl(url);
    const response = await this.world.fetchFor(canonical);
    this.commit(this.mainFrame, canonical);
    this.loadedDocument = await response.clone().text();
    return response;
  }

  /**
   * `webContents.printToPDF`: Electron prints the page loaded in the main frame and refuses once
   * the contents are destroyed. The stand-in cannot lay a page out, so its "PDF" is the PDF header
   * and the document it was given; each call is kept for the test with its options.
   */
  async printToPDF(options: Record<string, unknown> = {}): Promise<Buffer> {
    if (this.destroyed) throw new TypeError('Object has been destroyed');
    if (this.loadedDocument === null) throw new Error('Failed to generate PDF: no page is loaded');
    this.printed.push({ url: this.getURL(), document: this.loadedDocument, options });
    await Promise.resolve();
    return Buffer.from(`%PDF-1.7\n${this.loadedDocument}`, 'utf8');
  }

  /** The page navigates one of its frames (a link, `location.href = ...`); false when the navigation was cancelled. */
  async navigateFromPage(url: string, frame: StandInFrame = this.mainFrame): Promise<boolean> {
    const canonical = this.world.canonicalUrl(url);
    const event = Object.assign(new StandInEvent(), {
      url: canonical,
      isMainFrame: frame.parent === null,
      isSameDocument: false,
      frame,
    });
    if (frame.parent === null) this.emit('will-navigate', event, canonical);
    this.emit('will-frame-navigate', event);
    if (event.defaultPrevented) return false;
    await this.world.fetchFor(canonical, frame.parent === null ? 'mainFrame' : 'subFrame');
    this.commit(frame, canonical);
    return true;
  }

  /** The server answers a navigation with a redirect to `url`; false when the redirect was cancelled. */
  redirect(url: string): boolean {
    const canonical = this.world.canonicalUrl(url);
    const event = Object.assign(new StandInEvent(), { url: canonical, isMainFrame: true, frame: this.mainFrame });
    this.emit('will-redirect', event, canonical);
    if (event.defaultPrevented) return false;
    this.commit(this.mainFrame, canonical);
    return true;
  }

  /** The page calls `window.open(url)`: the new window, or null when it was denied. */
  openWindow(url: string): StandInBrowserWindow | null {
    const details: WindowOpenDetails = {
      url: this.world.canonicalUrl(url),
      frameName: '',
      features: '',
      disposition: 'new-window',
      referrer: { url: '', policy: 'strict-origin-when-cross-origin' },
    };
    const decision = this.windowOpenHandler ? this.windowOpenHandler(details) : { action: 'allow' as const };
    if (decision.action !== 'allow') return null;
    const opened = new this.world.BrowserWindow({ webPreferences: this.webPreferences });
    void opened.loadURL(details.url).catch(() => undefined);
    return opened;
  }

  /** Markup in the page adds a <webview>; false when it was refused. */
  attachWebview(src: string): boolean {
    const event = new StandInEvent();
    this.emit('will-attach-webview', event, { ...this.webPreferences }, { src });
    return !event.defaultPrevented;
  }

  /** The page's frame removed from the document: its IPC calls arrive with no sender frame. */
  detach(frame: StandInFrame): void {
    frame.detached = true;
  }

  /** `ipcRenderer.invoke` from one of this page's frames, as Electron delivers it to `ipcMain.handle`. */
  async invoke(channel: string, args: unknown[], frame: StandInFrame = this.mainFrame): Promise<unknown> {
    const handler = this.world.ipcMain.handlerFor(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    const event = {
      type: 'frame',
      sender: this,
      senderFrame: frame.detached ? null : frame,
      processId: frame.processId,
      frameId: frame.routingId,
    };
    try {
      return structuredClone(await handler(event, ...structuredClone(args)));
    } catch (error) {
      throw new Error(`Error invoking remote method '${channel}': ${String(error)}`);
    }
  }

  private commit(frame: StandInFrame, url: string): void {
    frame.url = url;
    frame.frames.length = 0;
  }
}

export interface StandInWindowOptions {
  webPreferences?: StandInWebPreferences;
  show?: boolean;
  [key: string]: unknown;
}

/** Built per world, so `new BrowserWindow()` in the code under test lands in the stand-in that tests look at. */
function browserWindowClass(world: ElectronStandIn) {
  return class BrowserWindow extends EventEmitter {
    readonly webContents: StandInWebContents;
    visible: boolean;
    minimized = false;
    focusCount = 0;
    private destroyed = false;

    static getAllWindows(): StandInBrowserWindow[] {
      return [...world.windows];
    }

    constructor(readonly options: StandInWindowOptions = {}) {
      super();
      if (!world.app.isReady()) throw new Error('Cannot create BrowserWindow before app is ready');
      this.visible = options.show ?? true;
      this.webContents = new StandInWebContents(world, options.webPreferences ?? {});
      world.windows.add(this);
      world.app.emit('web-contents-created', new StandInEvent(), this.webContents);
    }

    async loadURL(url: string): Promise<void> {
      await this.webContents.load(url);
      this.emit('ready-to-show');
    }

    show(): void {
      this.visible = true;
    }

    isVisible(): boolean {
      return this.visible;
    }

    focus(): void {
      this.focusCount += 1;
    }

    minimize(): void {
      this.minimized = true;
    }

    isMinimized(): boolean {
      return this.minimized;
    }

    restore(): void {
      this.minimized = false;
    }

    isDestroyed(): boolean {
      return this.destroyed;
    }

    /** `win.destroy()`: gone at once, with 'closed' but no 'close' that could keep it open. */
    destroy(): void {
      if (this.destroyed) return;
      this.destroyed = true;
      this.webContents.destroy();
      world.windows.delete(this);
      this.emit('closed');
    }

    /** The operator closes the window: 'close' may keep it open, otherwise it is destroyed. */
    close(): boolean {
      const event = new StandInEvent();
      this.emit('close', event);
      if (event.defaultPrevented) return false;
      this.destroyed = true;
      this.webContents.destroy();
      world.windows.delete(this);
      this.emit('closed');
      if (world.windows.size === 0) world.app.emit('window-all-closed');
      return true;
    }
  };
}

export type StandInBrowserWindow = InstanceType<ReturnType<typeof browserWindowClass>>;

class StandInApp extends EventEmitter {
  isPackaged = false;
  /** What `requestSingleInstanceLock` answers: false when another instance holds it. */
  singleInstanceLockFree = true;
  readonly paths = new Map<string, string>();
  quitCount = 0;
  private ready = false;
  private markReady: () => void = () => undefined;
  private readyPromise: Promise<void> = this.newReadyPromise();

  getVersion(): string {
    return '0.1.0';
  }

  getPath(name: string): string {
    const path = this.paths.get(name);
    if (!path) throw new Error(`Failed to get '${name}' path`);
    return path;
  }

  requestSingleInstanceLock(): boolean {
    return this.singleInstanceLockFree;
  }

  isReady(): boolean {
    return this.ready;
  }

  whenReady(): Promise<void> {
    return this.readyPromise;
  }

  quit(): void {
    this.quitCount += 1;
    const event = new StandInEvent();
    this.emit('before-quit', event);
    if (event.defaultPrevented) return;
    this.emit('will-quit', new StandInEvent());
    this.emit('quit', new StandInEvent(), 0);
  }

  /** Electron has started: 'ready', then whatever waited on `whenReady()` has run. */
  async becomeReady(): Promise<void> {
    this.ready = true;
    this.emit('ready', new StandInEvent(), {});
    this.markReady();
    await settle();
  }

  /** Another instance of the app asked for the single-instance lock. */
  startSecondInstance(argv: string[] = []): void {
    this.emit('second-instance', new StandInEvent(), argv, process.cwd(), {});
  }

  reset(): void {
    this.removeAllListeners();
    this.isPackaged = false;
    this.singleInstanceLockFree = true;
    this.paths.clear();
    this.quitCount = 0;
    this.ready = false;
    this.readyPromise = this.newReadyPromise();
  }

  private newReadyPromise(): Promise<void> {
    return new Promise<void>((resolve) => {
      this.markReady = resolve;
    });
  }
}

type InvokeHandler = (event: unknown, ...args: unknown[]) => unknown;

class StandInIpcMain extends EventEmitter {
  private readonly handlers = new Map<string, InvokeHandler>();

  handle(channel: string, handler: InvokeHandler): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, handler);
  }

  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }

  handlerFor(channel: string): InvokeHandler | undefined {
    return this.handlers.get(channel);
  }

  channels(): string[] {
    return [...this.handlers.keys()];
  }

  reset(): void {
    this.handlers.clear();
    this.removeAllListeners();
  }
}

export interface PrivilegedScheme {
  scheme: string;
  privileges?: Record<string, boolean>;
}

type ProtocolHandler = (request: Request) => Response | Promise<Response>;

class StandInProtocol {
  readonly privileged: PrivilegedScheme[] = [];
  private readonly handlers = new Map<string, ProtocolHandler>();

  constructor(private readonly world: ElectronStandIn) {}

  registerSchemesAsPrivileged(schemes: PrivilegedScheme[]): void {
    if (this.world.app.isReady()) {
      throw new Error('protocol.registerSchemesAsPrivileged should be called before app is ready');
    }
    this.privileged.push(...schemes);
  }

  handle(scheme: string, handler: ProtocolHandler): void {
    if (!this.world.app.isReady()) throw new Error('The protocol module can only be used after the app is ready');
    if (this.handlers.has(scheme)) throw new Error(`Failed to register protocol: ${scheme}`);
    this.handlers.set(scheme, handler);
  }

  isProtocolHandled(scheme: string): boolean {
    return this.handlers.has(scheme);
  }

  handlerFor(scheme: string): ProtocolHandler | undefined {
    return this.handlers.get(scheme);
  }

  isStandard(scheme: string): boolean {
    return (
      ['http', 'https', 'file'].includes(scheme) ||
      this.privileged.some((entry) => entry.scheme === scheme && entry.privileges?.standard === true)
    );
  }

  reset(): void {
    this.privileged.length = 0;
    this.handlers.clear();
  }
}

type PermissionRequestHandler = (
  webContents: StandInWebContents,
  permission: string,
  callback: (granted: boolean) => void,
  details: Record<string, unknown>,
) => void;
type PermissionCheckHandler = (
  webContents: StandInWebContents | null,
  permission: string,
  requestingOrigin: string,
  details: Record<string, unknown>,
) => boolean;

export interface HeadersReceivedDetails {
  url: string;
  method: string;
  resourceType: string;
  statusCode: number;
  responseHeaders?: Record<string, string[]>;
}

interface HeadersReceivedResponse {
  cancel?: boolean;
  responseHeaders?: Record<string, string | string[]>;
  statusLine?: string;
}

type HeadersReceivedListener = (
  details: HeadersReceivedDetails,
  callback: (response: HeadersReceivedResponse) => void,
) => void;

class StandInSession {
  private permissionRequestHandler: PermissionRequestHandler | null = null;
  private permissionCheckHandler: PermissionCheckHandler | null = null;
  private headersReceived: HeadersReceivedListener | null = null;

  readonly webRequest = {
    onHeadersReceived: (listener: HeadersReceivedListener | null) => {
      this.headersReceived = listener;
    },
  };

  setPermissionRequestHandler(handler: PermissionRequestHandler | null): void {
    this.permissionRequestHandler = handler;
  }

  setPermissionCheckHandler(handler: PermissionCheckHandler | null): void {
    this.permissionCheckHandler = handler;
  }

  /** A page asks for a permission (camera, notifications, ...): what the session answers. */
  requestPermission(webContents: StandInWebContents, permission: string): Promise<boolean> {
    const handler = this.permissionRequestHandler;
    if (!handler) return Promise.resolve(true);
    return new Promise((resolve) =>
      handler(webContents, permission, resolve, { requestingUrl: webContents.getURL(), isMainFrame: true }),
    );
  }

  /** Chromium checks a permission without prompting: what the session answers. */
  checkPermission(webContents: StandInWebContents | null, permission: string, requestingOrigin: string): boolean {
    const handler = this.permissionCheckHandler;
    return handler ? handler(webContents, permission, requestingOrigin, { isMainFrame: true }) : true;
  }

  /** A response's headers as the page receives them, after the session's onHeadersReceived listener. */
  receiveHeaders(details: HeadersReceivedDetails): Promise<{ cancel: boolean; headers: Record<string, string[]> }> {
    const original = details.responseHeaders ?? {};
    const listener = this.headersReceived;
    if (!listener) return Promise.resolve({ cancel: false, headers: original });
    return new Promise((resolve) =>
      listener(structuredClone(details), (response) => {
        const replaced = response.responseHeaders;
        const headers = replaced
          ? Object.fromEntries(
              Object.entries(replaced).map(([name, value]) => [name, Array.isArray(value) ? value : [value]]),
            )
          : original;
        resolve({ cancel: response.cancel === true, headers });
      }),
    );
  }
}

class StandInDialog {
  readonly messageBoxes: { window: unknown; options: Record<string, unknown> }[] = [];
  readonly errorBoxes: { title: string; content: string }[] = [];
  /** The button the operator picks in the next message box. */
  nextChoice = 0;

  showMessageBoxSync(window: unknown, options: Record<string, unknown>): number {
    this.messageBoxes.push({ window, options });
    return this.nextChoice;
  }

  showErrorBox(title: string, content: string): void {
    this.errorBoxes.push({ title, content });
  }

  reset(): void {
    this.messageBoxes.length = 0;
    this.errorBoxes.length = 0;
    this.nextChoice = 0;
  }
}

export class ElectronStandIn {
  readonly app = new StandInApp();
  readonly ipcMain = new StandInIpcMain();
  readonly protocol = new StandInProtocol(this);
  readonly dialog = new StandInDialog();
  readonly windows = new Set<StandInBrowserWindow>();
  readonly BrowserWindow = browserWindowClass(this);
  /** The page whose preload runs next: `contextBridge` and `ipcRenderer` act for it. */
  preloadTarget: StandInWebContents | null = null;
  private sessionInstance = new StandInSession();

  readonly session: { readonly defaultSession: StandInSession };

  constructor() {
    const sessionAfterReady = () => this.sessionAfterReady();
    this.session = {
      get defaultSession() {
        return sessionAfterReady();
      },
    };
  }

  readonly contextBridge = {
    exposeInMainWorld: (key: string, api: unknown): void => {
      const target = this.preloadPage();
      if (target.webPreferences.contextIsolation !== true) {
        throw new Error('contextBridge API can only be used when contextIsolation is enabled');
      }
      if (key in target.mainWorld) {
        throw new Error('Cannot bind an API on top of an existing property on the window object');
      }
      target.mainWorld[key] = api;
    },
  };

  readonly ipcRenderer = {
    invoke: (channel: string, ...args: unknown[]): Promise<unknown> => this.preloadPage().invoke(channel, args),
    on: (channel: string, listener: Listener) => {
      const listeners = this.preloadPage().rendererListeners;
      const set = listeners.get(channel) ?? new Set<Listener>();
      set.add(listener);
      listeners.set(channel, set);
      return this.ipcRenderer;
    },
    removeListener: (channel: string, listener: Listener) => {
      this.preloadPage().rendererListeners.get(channel)?.delete(listener);
      return this.ipcRenderer;
    },
  };

  /** What `import ... from 'electron'` gives the code under test. */
  module(): Record<string, unknown> {
    return {
      app: this.app,
      BrowserWindow: this.BrowserWindow,
      ipcMain: this.ipcMain,
      ipcRenderer: this.ipcRenderer,
      contextBridge: this.contextBridge,
      protocol: this.protocol,
      session: this.session,
      dialog: this.dialog,
    };
  }

  reset(): void {
    this.app.reset();
    this.ipcMain.reset();
    this.protocol.reset();
    this.dialog.reset();
    this.windows.clear();
    this.preloadTarget = null;
    this.sessionInstance = new StandInSession();
  }

  /** A URL as Chromium hands it on: for a standard scheme, host in lower case and dot segments resolved. */
  canonicalUrl(url: string): string {
    const parsed = new URL(url);
    const scheme = parsed.protocol.slice(0, -1);
    if (!this.protocol.isStandard(scheme) || parsed.host === '') return parsed.href;
    const user =
      parsed.username === '' ? '' : `${parsed.username}${parsed.password === '' ? '' : `:${parsed.password}`}@`;
    return `${parsed.protocol}//${user}${parsed.host.toLowerCase()}${parsed.pathname}${parsed.search}${parsed.hash}`;
  }

  /** Fetches a URL for a page: a registered protocol's handler, or the network for http(s). */
  async fetchFor(url: string, resourceType: 'mainFrame' | 'subFrame' = 'mainFrame'): Promise<Response> {
    const scheme = new URL(url).protocol.slice(0, -1);
    const handler = this.protocol.handlerFor(scheme);
    if (handler) return handler(new Request(url));
    if (scheme === 'about') return new Response('');
    if (scheme === 'file') return new Response(await readFile(fileURLToPath(url)));
    if (scheme !== 'http' && scheme !== 'https') throw new Error(`net::ERR_UNKNOWN_URL_SCHEME (${url})`);
    const received = await this.sessionAfterReady().receiveHeaders({
      url,
      method: 'GET',
      resourceType,
      statusCode: 200,
      responseHeaders: { 'content-type': ['text/html'] },
    });
    return new Response('', {
      headers: Object.entries(received.headers).map(([name, values]) => [name, values.join(', ')]),
    });
  }

  sessionAfterReady(): StandInSession {
    if (!this.app.isReady()) throw new Error('Session can only be received when app is ready');
    return this.sessionInstance;
  }

  private preloadPage(): StandInWebContents {
    if (!this.preloadTarget) throw new Error('The stand-in runs a preload only inside a page: set preloadTarget first');
    return this.preloadTarget;
  }
}

/** The one stand-in a test file's `vi.mock('electron', ...)` hands out and its tests drive. */
export const electron = new ElectronStandIn();

/** Lets promise callbacks and timers already due run, as the event loop would between two events. */
export async function settle(): Promise<void> {
  for (let turn = 0; turn < 5; turn += 1) await new Promise((resolve) => setImmediate(resolve));
}
