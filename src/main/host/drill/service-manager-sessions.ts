import type { DrillSiteState } from '../../../shared/drill-contract';
import {
  SM_DATABASE_REGISTRY_KEY,
  SM_DATABASE_REGISTRY_VALUES,
  SM_SERVICES,
} from '../../knowledge/service-manager/facts';

const same = (a: string | undefined, b: string) => a !== undefined && a.toLowerCase() === b.toLowerCase();

/**
 * The management servers holding sessions in a database: any of whose Service Manager services
 * runs while its registry names that server and database, as the services read it at start.
 */
export function serviceManagerSessionHosts(state: DrillSiteState, serverName: string, database: string): string[] {
  const serviceNames = SM_SERVICES.map((service) => service.name.toLowerCase());
  return state.computers
    .filter((computer) =>
      computer.services.some(
        (service) => service.status === 'Running' && serviceNames.includes(service.name.toLowerCase()),
      ),
    )
    .filter((computer) =>
      Object.values(SM_DATABASE_REGISTRY_VALUES).some(
        (names) =>
          same(computer.registry[`${SM_DATABASE_REGISTRY_KEY}\\${names.server}`], serverName) &&
          same(computer.registry[`${SM_DATABASE_REGISTRY_KEY}\\${names.database}`], database),
      ),
    )
    .map((computer) => computer.name);
}
