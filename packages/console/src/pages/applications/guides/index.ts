// Which guide an entry of the gallery gets.
import type { CatalogEntry } from '../catalog.ts';
import { authjsGuide } from './authjs.ts';
import { genericGuide } from './generic.ts';
import { machineToMachineGuide } from './machine-to-machine.ts';
import type { Guide } from './types.ts';

export function guideFor(entry: CatalogEntry): Guide {
  if (entry.id === 'authjs') return authjsGuide;
  if (!entry.framework) return machineToMachineGuide;
  return genericGuide(entry.framework);
}

export type { Guide, GuideStep, GuideValues, CodeSample } from './types.ts';
