/** The registered families, in the order they run. */
import { DOTNET_FAMILY } from './dotnet';
import { JVM_FAMILY } from './jvm';
import { MYSQL_FAMILY } from './mysql';
import { SCRIPTING_FAMILY } from './scripting';
import type { Family } from './types';

export type { Family, DriverChoice } from './types';

export const FAMILIES: readonly Family[] = [DOTNET_FAMILY, MYSQL_FAMILY, SCRIPTING_FAMILY, JVM_FAMILY];
