// The cards of the create-application gallery. What a framework needs from Signet (type, redirect URI
// path, env lines) comes from the shared `frameworks` module; this file only adds what a card shows:
// initials and a colour for the logo, and the one entry that is not a framework, machine-to-machine.
import { applicationTypes, frameworks, type ApplicationType, type Framework, type FrameworkId } from '@signet/schemas';

export const machineToMachineId = 'machine-to-machine';
export type CatalogId = FrameworkId | typeof machineToMachineId;

export type CatalogEntry = {
  id: CatalogId;
  type: ApplicationType;
  /** Absent for machine-to-machine: no user signs in, so no SDK and no redirect URI. */
  framework: Framework | undefined;
  initials: string;
  color: string;
};

// Initials instead of the projects' logos: trademarks stay out of the bundle, and the cards still
// differ at a glance.
const looks: Record<CatalogId, { initials: string; color: string }> = {
  authjs: { initials: 'Au', color: '#7c3aed' },
  nextjs: { initials: 'N', color: '#111827' },
  express: { initials: 'Ex', color: '#374151' },
  react: { initials: 'Re', color: '#0e7490' },
  vue: { initials: 'Vu', color: '#15803d' },
  angular: { initials: 'Ng', color: '#b91c1c' },
  'ios-swift': { initials: 'iOS', color: '#ea580c' },
  'android-kotlin': { initials: 'An', color: '#4d7c0f' },
  flutter: { initials: 'Fl', color: '#0369a1' },
  python: { initials: 'Py', color: '#1d4ed8' },
  go: { initials: 'Go', color: '#0891b2' },
  java: { initials: 'Jv', color: '#c2410c' },
  dotnet: { initials: '.N', color: '#6d28d9' },
  oidc: { initials: 'ID', color: '#4f46e5' },
  [machineToMachineId]: { initials: 'M2M', color: '#475569' },
};

export const catalog: CatalogEntry[] = [
  ...frameworks.map((framework) => ({ id: framework.id, type: framework.type, framework, ...looks[framework.id] })),
  { id: machineToMachineId, type: 'MachineToMachine' as const, framework: undefined, ...looks[machineToMachineId] },
];

/** The gallery's sections, in the order the type filters list them. */
export const catalogTypes: readonly ApplicationType[] = applicationTypes;

export function catalogEntry(id: string | null | undefined): CatalogEntry | undefined {
  return catalog.find((entry) => entry.id === id);
}

/** The guide to show for an application whose framework is not known (created by a script, say). */
export function defaultEntryFor(type: ApplicationType): CatalogEntry {
  return catalogEntry(type === 'MachineToMachine' ? machineToMachineId : 'oidc')!;
}

/** Entries whose guide suits an application of `type` (the generic OIDC guide suits every user-facing type). */
export function entriesFor(type: ApplicationType): CatalogEntry[] {
  return catalog.filter((entry) => entry.type === type || (entry.id === 'oidc' && type !== 'MachineToMachine'));
}

// The framework an application was created for is a Console convenience (which guide to show), not an
// application property: it is remembered in this browser only.
const frameworkKey = (applicationId: string) => `signet.console.app-framework.${applicationId}`;

export function rememberFramework(applicationId: string, id: CatalogId): void {
  try {
    localStorage.setItem(frameworkKey(applicationId), id);
  } catch {
    // Storage may be full or disabled; the guide then falls back to the query string or the default.
  }
}

export function rememberedFramework(applicationId: string): CatalogEntry | undefined {
  try {
    return catalogEntry(localStorage.getItem(frameworkKey(applicationId)));
  } catch {
    return undefined;
  }
}

export function forgetFramework(applicationId: string): void {
  try {
    localStorage.removeItem(frameworkKey(applicationId));
  } catch {
    // Nothing to clean up.
  }
}
