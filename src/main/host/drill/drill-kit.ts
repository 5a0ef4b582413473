import type { DrillFault, DrillSiteState } from '../../../shared/drill-contract';
import { HostError } from '../../knowledge/failures';
import { KIT_INDEX_FILE } from '../../knowledge/recovery-kit/kit-index';
import { kitIndexText, parseKitIndex } from '../../knowledge/recovery-kit/kit-index-text';
import { pathInKit } from '../../knowledge/recovery-kit/kit-compare';
import { joinWindowsPath, sameWindowsPath } from '../../knowledge/windows/paths';
import type { KitFileFound, KitFileHash, KitHost, KitProgress } from '../types';
import { sha256Text } from './sample-kit';
import { localFileKey } from './site-files';

/**
 * The recovery kit over the drill's simulated files, on the computer the operator sits at (or a
 * share): the same procedures run on it as on a real disk. A USB drive can fill up or be pulled out
 * midway through a copy (the drill faults kit-drive-full and kit-drive-removed).
 */

type DrillFile = DrillSiteState['files'][string];
type DriveFault = Extract<DrillFault, { kind: 'kit-drive-full' | 'kit-drive-removed' }>;

const MIB = 1024 ** 2;
/**
 * The drill reads and writes its simulated files at the speeds of the hardware a kit meets, so its
 * progress shows a rate and a time left and its recovery time counts them: a server's disk read
 * and SHA-256 on a few cores (the benchmark's machine reached about this), and a USB 3 stick's
 * sustained writes. Assumptions of the drill, not measurements of a site.
 */
export const DRILL_HASH_BYTES_PER_SECOND = 400 * MIB;
export const DRILL_COPY_BYTES_PER_SECOND = 120 * MIB;
/** Progress moves at least this often through a large file. */
const SLICE_BYTES = 512 * MIB;

/** The drill site's clock: its pauses (divided by its speed) and the simulated time they add up to. */
export interface DrillPace {
  sleep(simulatedMs: number): Promise<void>;
  clock(): number;
}

export class DrillKit {
  constructor(
    private readonly state: () => DrillSiteState,
    private readonly save: () => void,
    private readonly pace: DrillPace,
  ) {}

  /** Waits as long as `bytes` take at `bytesPerSecond`, saying how many have moved after each slice. */
  private async paced(bytes: number, bytesPerSecond: number, moved: (soFar: number) => void): Promise<void> {
    let soFar = 0;
    do {
      const slice = Math.min(bytes - soFar, SLICE_BYTES);
      if (slice > 0) await this.pace.sleep((slice / bytesPerSecond) * 1000);
      soFar += slice;
      moved(soFar);
    } while (soFar < bytes);
  }

  private here(): string {
    return this.state().localComputer;
  }

  private filesUnder(folder: string): DrillFile[] {
    return Object.values(this.state().files).filter(
      (file) =>
        pathInKit(folder, file.path) !== null && this.state().files[localFileKey(this.here(), file.path)] === file,
    );
  }

  private file(folder: string, path: string): DrillFile | undefined {
    return this.state().files[localFileKey(this.here(), joinWindowsPath(folder, path))];
  }

  private folderKnown(folder: string): boolean {
    const computer = this.state().computers.find((c) => c.name === this.here());
    return (
      computer?.folders.some((known) => sameWindowsPath(known, folder)) === true || this.filesUnder(folder).length > 0
    );
  }

  private addFolder(folder: string): void {
    const computer = this.state().computers.find((c) => c.name === this.here());
    if (computer !== undefined && !computer.folders.some((known) => sameWindowsPath(known, folder))) {
      computer.folders.push(folder);
    }
  }

  private put(path: string, file: Omit<DrillFile, 'path'>): void {
    this.state().files[localFileKey(this.here(), path)] = { ...file, path };
  }

  private driveFault(destination: string): DriveFault | undefined {
    return this.state().faults.find(
      (fault): fault is DriveFault =>
        (fault.kind === 'kit-drive-full' || fault.kind === 'kit-drive-removed') &&
        pathInKit(fault.folder, `${destination}\\x`) !== null,
    );
  }

  private takeFault(fault: DriveFault): void {
    const faults = this.state().faults;
    faults.splice(faults.indexOf(fault), 1);
  }

  private removeIndex(folder: string): void {
    delete this.state().files[localFileKey(this.here(), joinWindowsPath(folder, KIT_INDEX_FILE))];
  }

  private async copy(
    source: string,
    destination: string,
    paths: readonly string[],
    progress?: KitProgress,
  ): Promise<KitFileHash[]> {
    const files = paths.map((path) => {
      const file = this.file(source, path);
      if (file === undefined) throw new HostError('not-found', `${path} is not in ${source}: nothing was copied.`);
      return { path, file };
    });
    this.removeIndex(destination);
    this.addFolder(destination);
    const total = files.reduce((sum, { file }) => sum + file.size, 0);
    const fault = this.driveFault(destination);
    let done = 0;
    const copied: KitFileHash[] = [];
    try {
      for (const { path, file } of files) {
        const target = joinWindowsPath(destination, path);
        if (fault !== undefined && done + file.size > fault.afterBytes) {
          this.takeFault(fault);
          const written = fault.afterBytes - done;
          await this.paced(written, DRILL_COPY_BYTES_PER_SECOND, (soFar) => progress?.(done + soFar, total));
          // What a drive holds after a failed write: the start of the file, not the file.
          this.put(target, {
            size: written,
            modified: new Date().toISOString(),
            sha256: sha256Text(`${file.sha256}:${written}`),
          });
          throw fault.kind === 'kit-drive-full'
            ? new HostError(
                'disk-full',
                `The drive of ${destination} is full: ${path} could not be copied whole. No index was written, so this copy does not claim to be a kit.`,
              )
            : new HostError(
                'unreachable',
                `${destination} can no longer be written (the drive was removed): the copy stopped at ${path}. No index was written, so this copy does not claim to be a kit.`,
              );
        }
        await this.paced(file.size, DRILL_COPY_BYTES_PER_SECOND, (soFar) => progress?.(done + soFar, total));
        this.put(target, { ...structuredClone(file), modified: new Date().toISOString() });
        done += file.size;
        copied.push({ path, size: file.size, sha256: file.sha256 });
      }
      return copied;
    } finally {
      this.save();
    }
  }

  readonly host: KitHost = {
    list: async (folder) => {
      if (!this.folderKnown(folder)) throw new HostError('not-found', `There is no folder ${folder}.`);
      return this.filesUnder(folder)
        .map((file): KitFileFound => ({ path: pathInKit(folder, file.path) ?? file.path, size: file.size }))
        .sort((a, b) => a.path.localeCompare(b.path));
    },
    hash: async (folder, paths, progress) => {
      const found = paths.map((path) => this.file(folder, path));
      const total = found.reduce((sum, file) => sum + (file?.size ?? 0), 0);
      let done = 0;
      const hashes: (KitFileHash | null)[] = [];
      for (const [index, file] of found.entries()) {
        if (file === undefined) {
          hashes.push(null);
          continue;
        }
        await this.paced(file.size, DRILL_HASH_BYTES_PER_SECOND, (soFar) => progress?.(done + soFar, total));
        done += file.size;
        // Read after the wait: what the file holds once its last byte is read, as on a disk.
        const now = this.file(folder, paths[index] ?? '');
        hashes.push(now === undefined ? null : { path: paths[index] ?? '', size: now.size, sha256: now.sha256 });
      }
      return hashes;
    },
    clock: () => this.pace.clock(),
    copy: async (source, destination, paths, progress) => this.copy(source, destination, paths, progress),
    readIndex: async (folder) => {
      const file = this.file(folder, KIT_INDEX_FILE);
      if (file === undefined) return null;
      if (file.content === undefined) throw new HostError('unsupported', `${KIT_INDEX_FILE} in ${folder} is not text.`);
      return parseKitIndex(joinWindowsPath(folder, KIT_INDEX_FILE), file.content);
    },
    removeIndex: async (folder) => {
      this.removeIndex(folder);
      this.save();
    },
    writeIndex: async (folder, index) => {
      const content = kitIndexText(index);
      this.addFolder(folder);
      this.put(joinWindowsPath(folder, KIT_INDEX_FILE), {
        size: Buffer.byteLength(content, 'utf8'),
        modified: new Date().toISOString(),
        sha256: sha256Text(content),
        content,
      });
      this.save();
    },
  };
}
