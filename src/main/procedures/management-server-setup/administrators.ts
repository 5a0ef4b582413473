import type { ManagementGroupInfo } from './site';

/**
 * The management group's administrators as the Setup pages show them: read from the database
 * (MOMAdminGroup of __MOMManagementGroupInfo__), which is what Setup keeps when it joins an
 * existing database, compared with the group the manifest recorded when the kit was prepared.
 */

/** What the read-only field shows when the database's row names no group. */
export const NO_ADMINISTRATORS = 'none recorded in the database';

export interface AdministratorsReading {
  /** The field's value. */
  shown: string;
  /** One sentence for the page. */
  note: string;
  /** The manifest names another group than the database: the kit is out of date, Setup is not affected. */
  differs: boolean;
}

export function readAdministrators(found: ManagementGroupInfo, recorded: string | undefined): AdministratorsReading {
  if (found.administrators === null) {
    return {
      shown: NO_ADMINISTRATORS,
      note: `The database names no administrators group${recorded ? `; the manifest records ${recorded}` : ''}.`,
      differs: recorded !== undefined,
    };
  }
  if (recorded === undefined) {
    return {
      shown: found.administrators,
      note: `Administrators: ${found.administrators}, read from the database (the manifest records none).`,
      differs: false,
    };
  }
  if (recorded.toLowerCase() === found.administrators.toLowerCase()) {
    return {
      shown: found.administrators,
      note: `Administrators: ${found.administrators}, read from the database, as the manifest records.`,
      differs: false,
    };
  }
  return {
    shown: found.administrators,
    note:
      `Administrators: the database names ${found.administrators}, but the manifest records ${recorded}. ` +
      'Setup keeps the database’s group; the manifest is out of date: prepare the recovery kit again after the recovery.',
    differs: true,
  };
}
