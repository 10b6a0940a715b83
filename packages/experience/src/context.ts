// What every screen needs (settings, translator, navigation, the step machine), and the hook that
// runs a form's action: busy state, the one error region, focus on the field in error.
import { createContext, useCallback, useContext, useEffect, useState } from 'react';
import type { ExperienceLocale, ExperienceSettings, ExperienceStep, SignInExperienceConfig } from '@signet/schemas';
import type { ColorScheme } from './branding.ts';
import type { NativeBridge } from './bridge.ts';
import type { FlowPage } from './flow.ts';
import type { Translator } from './i18n/index.ts';
import { describeError, type ShownError } from './errors.ts';

export interface Experience {
  settings: ExperienceSettings;
  config: SignInExperienceConfig;
  locale: ExperienceLocale;
  t: Translator;
  scheme: ColorScheme;
  /** Console preview: nothing is sent, forms do nothing. */
  preview: boolean;
  bridge: NativeBridge | undefined;
  navigate: (page: FlowPage) => void;
  /** Shows whatever the server's step asks for next. */
  advance: (step: ExperienceStep) => void;
}

export const ExperienceContext = createContext<Experience | null>(null);

export function useExperience(): Experience {
  const experience = useContext(ExperienceContext);
  if (!experience) throw new Error('useExperience outside ExperienceContext');
  return experience;
}

export interface FormError extends ShownError {
  /** Name of the input the error is about (gets aria-invalid and focus). */
  field?: string;
}

/** The id of the screen's single error region, which fields in error point to. */
export const errorRegionId = 'form-error';

function focusField(name: string | undefined): void {
  if (!name) return;
  // After React has rendered the error, so the field is described by it when focus lands.
  requestAnimationFrame(() => document.querySelector<HTMLElement>(`[name="${name}"]`)?.focus());
}

export function useAction(initialError?: unknown) {
  const { t, preview } = useExperience();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<FormError | null>(null);

  // An error handed in from outside (a failed page switch, `?error=` after a social sign-in).
  useEffect(() => {
    if (initialError !== undefined) setError(describeError(initialError, t));
  }, [initialError, t]);

  /** Shows a client-side validation error; a preview shows none (its forms do nothing). */
  const fail = useCallback(
    (message: string, field?: string, details?: string[]) => {
      if (preview) return;
      setError({ message, field, details });
      focusField(field);
    },
    [preview],
  );

  /** Runs a server call; its error is translated into the error region. A preview runs nothing. */
  const run = useCallback(
    async (action: () => Promise<void>, field?: string | ((error: unknown) => string | undefined)) => {
      if (preview) return;
      setBusy(true);
      setError(null);
      try {
        await action();
      } catch (caught) {
        const name = typeof field === 'function' ? field(caught) : field;
        setError({ ...describeError(caught, t), field: name });
        focusField(name);
      } finally {
        setBusy(false);
      }
    },
    [preview, t],
  );

  return { busy, error, setError, fail, run };
}
