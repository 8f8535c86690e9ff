/** Every driver the engine knows, by id. */
import type { DriverId } from '../types';
import { CORE_DRIVERS } from './core';
import { DOTNET_DRIVERS } from './dotnet';
import { JVM_DRIVERS } from './jvm';
import { MYSQL_DRIVERS } from './mysql';
import { SCRIPTING_DRIVERS } from './scripting';
import type { DriverSpec } from './types';

export type { DriverSpec, FixGoal, Database } from './types';

export const DRIVERS: readonly DriverSpec[] = [...CORE_DRIVERS, ...DOTNET_DRIVERS, ...MYSQL_DRIVERS, ...SCRIPTING_DRIVERS, ...JVM_DRIVERS];

const BY_ID = new Map<DriverId, DriverSpec>(DRIVERS.map((d) => [d.id, d]));

/** The spec of a driver; libpq's for an id no family registered (never expected). */
export function driverSpec(id: DriverId): DriverSpec {
  return BY_ID.get(id) ?? BY_ID.get('libpq')!;
}

export function driverLabel(id: DriverId): string {
  return BY_ID.get(id)?.label ?? id;
}
