// The page's state machine: load settings and the current step, pick the screen, switch pages with
// history.pushState (no router), and keep branding, <html lang> and the title in step.
import { lazy, Suspense, useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { ConsentDetails, ExperienceSettings, ExperienceStep } from '@signet/schemas';
import { api, ExperienceApiError } from './api.ts';
import { applyBranding, resolveScheme, type ColorScheme } from './branding.ts';
import { connectorNameById, getNativeBridge } from './bridge.ts';
import { Card } from './components/Card.tsx';
import { ExperienceContext, type Experience } from './context.ts';
import { describeError } from './errors.ts';
import { effectivePage, eventOfPage, pageFromPath, pathOfPage, profileItemToAsk, screenForStep, type FlowPage, type PageName, type Screen } from './flow.ts';
import { createTranslator, guessLocale, loadDictionary, type Dictionary, type MessageKey } from './i18n/index.ts';
import { SignInPage } from './pages/SignIn.tsx';
import { Failed, Loading, NoSession } from './pages/Status.tsx';
import { SubmitScreen } from './pages/Submit.tsx';
import { isPreview, listenForPreview } from './preview.ts';

// Sign-in (the page nearly every visit starts and ends on) is in the main bundle; the other screens
// are small chunks fetched when first shown, which keeps the first page's download down.
const RegisterPage = lazy(() => import('./pages/Register.tsx').then((module) => ({ default: module.RegisterPage })));
const ForgotPasswordPage = lazy(() => import('./pages/ForgotPassword.tsx').then((module) => ({ default: module.ForgotPasswordPage })));
const ConsentPage = lazy(() => import('./pages/Consent.tsx').then((module) => ({ default: module.ConsentPage })));
const ProfileScreen = lazy(() => import('./pages/Profile.tsx').then((module) => ({ default: module.ProfileScreen })));
const ResetPasswordScreen = lazy(() => import('./pages/ResetPassword.tsx').then((module) => ({ default: module.ResetPasswordScreen })));
const LinkSocialScreen = lazy(() => import('./pages/LinkSocial.tsx').then((module) => ({ default: module.LinkSocialScreen })));

type View = { kind: 'loading' } | { kind: 'failed'; error: unknown; retry: boolean } | { kind: 'no-session' } | { kind: 'ready'; screen: Screen };

const isNoSession = (error: unknown) => error instanceof ExperienceApiError && error.code === 'session.interaction_not_found';
const failedView = (error: unknown): View => (isNoSession(error) ? { kind: 'no-session' } : { kind: 'failed', error, retry: true });

function usePrefersDark(): boolean {
  const [dark, setDark] = useState(() => window.matchMedia('(prefers-color-scheme: dark)').matches);
  useEffect(() => {
    const query = window.matchMedia('(prefers-color-scheme: dark)');
    const onChange = () => setDark(query.matches);
    query.addEventListener('change', onChange);
    return () => query.removeEventListener('change', onChange);
  }, []);
  return dark;
}

export function App() {
  const [preview] = useState(() => isPreview(window.location.search));
  const [bridge] = useState(() => getNativeBridge());
  const [settings, setSettings] = useState<ExperienceSettings>();
  const [dictionary, setDictionary] = useState<Dictionary>();
  const [page, setPage] = useState<PageName>(() => pageFromPath(window.location.pathname));
  const [view, setView] = useState<View>({ kind: 'loading' });
  const [consent, setConsent] = useState<ConsentDetails>();
  const [pageError, setPageError] = useState<unknown>();
  const [forcedScheme, setForcedScheme] = useState<ColorScheme>();
  const prefersDark = usePrefersDark();

  const t = useMemo(() => dictionary && createTranslator(dictionary), [dictionary]);
  const config = settings?.signInExperience;
  const scheme = config ? resolveScheme(config, prefersDark, forcedScheme) : 'light';

  useEffect(() => {
    if (preview) {
      let stop: (() => void) | undefined;
      let stopped = false;
      void listenForPreview(async (message) => {
        const loaded = await loadDictionary(message.settings.locale);
        setDictionary(loaded);
        setSettings(message.settings);
        setForcedScheme(message.colorScheme);
        setPage(message.page ?? 'sign-in');
        setView({ kind: 'ready', screen: { kind: 'page' } });
      }).then((unlisten) => (stopped ? unlisten() : (stop = unlisten)));
      return () => {
        stopped = true;
        stop?.();
      };
    }
    void boot();
    return undefined;

    async function boot() {
      const guess = guessLocale(navigator.languages ?? []);
      void loadDictionary(guess); // start downloading while the settings are on their way
      const initial = pageFromPath(window.location.pathname);
      const query = new URLSearchParams(window.location.search);
      const errorCode = query.get('error') ?? (initial === 'error' ? query.get('code') : null);
      let loaded: ExperienceSettings;
      try {
        loaded = await api.settings();
      } catch (error) {
        setDictionary(await loadDictionary(guess));
        setView(failedView(error));
        return;
      }
      const words = await loadDictionary(loaded.locale);
      let next: View = { kind: 'ready', screen: { kind: 'page' } };
      try {
        if (initial === 'error') {
          next = { kind: 'failed', error: new ExperienceApiError(errorCode ?? 'server.internal_error', '', undefined, 0), retry: false };
        } else if (initial === 'consent') {
          setConsent(await api.consent());
        } else {
          let step: ExperienceStep | undefined;
          try {
            step = await api.current();
          } catch (error) {
            // Not started yet: start it below. Anything else (no interaction at all) is final.
            if (!(error instanceof ExperienceApiError && error.code === 'session.invalid_event')) throw error;
          }
          if (!step || step.next === 'identify') step = await api.start(eventOfPage(effectivePage(initial, loaded.signInExperience)));
          next = { kind: 'ready', screen: screenForStep(step) };
        }
      } catch (error) {
        next = failedView(error);
      }
      if (errorCode && initial !== 'error') {
        // Back from a social provider with an error: show it once, then drop it from the address.
        setPageError(new ExperienceApiError(errorCode, errorCode, undefined, 0));
        window.history.replaceState(window.history.state, '', window.location.pathname);
      }
      setSettings(loaded);
      setDictionary(words);
      setView(next);
    }
  }, [preview]);

  /** Shows a page and (re)starts the flow with its event. */
  const openPage = useCallback(
    (target: FlowPage) => {
      setPage(target);
      setPageError(undefined);
      setView({ kind: 'ready', screen: { kind: 'page' } });
      if (preview || !config) return;
      api.start(eventOfPage(effectivePage(target, config))).then(
        (step) => setView({ kind: 'ready', screen: screenForStep(step) }),
        (error: unknown) => (isNoSession(error) ? setView({ kind: 'no-session' }) : setPageError(error)),
      );
    },
    [preview, config],
  );

  useEffect(() => {
    if (preview) return undefined;
    const onPopState = () => {
      const target = pageFromPath(window.location.pathname);
      if (target !== 'consent' && target !== 'error') openPage(target);
    };
    window.addEventListener('popstate', onPopState);
    return () => window.removeEventListener('popstate', onPopState);
  }, [preview, openPage]);

  const experience = useMemo<Experience | undefined>(
    () =>
      settings && config && t
        ? {
            settings,
            config,
            locale: settings.locale,
            t,
            scheme,
            preview,
            bridge,
            navigate: (target) => {
              // A preview stays on its address: the Console picks the page.
              if (!preview) window.history.pushState(null, '', pathOfPage(target));
              openPage(target);
            },
            advance: (step) => setView({ kind: 'ready', screen: screenForStep(step) }),
          }
        : undefined,
    [settings, config, t, scheme, preview, bridge, openPage],
  );

  useEffect(() => {
    if (config) applyBranding(config, scheme);
  }, [config, scheme]);

  // What to show: [document title key, heading, body].
  let title: MessageKey = 'title.sign_in';
  let body: ReactNode = <Loading />;
  if (t && view.kind === 'failed') {
    title = 'title.error';
    body = <Failed t={t} error={describeError(view.error, t)} retry={view.retry} />;
  } else if (t && view.kind === 'no-session') {
    title = 'title.no_session';
    body = <NoSession t={t} />;
  } else if (experience && view.kind === 'ready') {
    const app = settings?.application?.name;
    const screen = view.screen;
    let heading: string;
    let content: ReactNode;
    if (screen.kind === 'page' && page === 'consent') {
      title = 'title.consent';
      heading = experience.t('consent.heading', { app: consent?.application.name ?? app ?? '' });
      content = consent && <ConsentPage details={consent} />;
    } else if (screen.kind === 'page') {
      const shown = effectivePage(page === 'consent' || page === 'error' ? 'sign-in' : page, experience.config);
      if (shown === 'register') {
        title = 'title.register';
        heading = app ? experience.t('register.heading_app', { app }) : experience.t('register.heading');
        content = <RegisterPage key="register" initialError={pageError} />;
      } else if (shown === 'forgot-password') {
        title = 'title.forgot_password';
        heading = experience.t('forgot.heading');
        content = <ForgotPasswordPage key="forgot-password" initialError={pageError} />;
      } else {
        heading = app ? experience.t('sign_in.heading_app', { app }) : experience.t('sign_in.heading');
        content = <SignInPage key="sign-in" initialError={pageError} />;
      }
    } else if (screen.kind === 'profile' && profileItemToAsk(screen.missing)) {
      const item = profileItemToAsk(screen.missing)!;
      title = 'title.profile';
      heading = experience.t(`profile.heading.${item}`);
      content = <ProfileScreen key={item} item={item} />;
    } else if (screen.kind === 'reset-password') {
      title = 'title.forgot_password';
      heading = experience.t('reset.heading');
      content = <ResetPasswordScreen />;
    } else if (screen.kind === 'link-social') {
      title = 'title.link_social';
      heading = experience.t('link_social.heading', { connector: connectorNameById(experience.settings, screen.step.connectorId, experience.locale) });
      content = <LinkSocialScreen step={screen.step} />;
    } else {
      // `submit` (and a profile step with nothing left to ask): finish.
      heading = app ? experience.t('sign_in.heading_app', { app }) : experience.t('sign_in.heading');
      content = <SubmitScreen />;
    }
    body = (
      <Card heading={heading}>
        <Suspense fallback={null}>{content}</Suspense>
      </Card>
    );
  }

  const locale = settings?.locale;
  useEffect(() => {
    if (locale) document.documentElement.lang = locale;
    if (t) document.title = t(title);
  }, [locale, t, title]);

  return experience ? <ExperienceContext.Provider value={experience}>{body}</ExperienceContext.Provider> : body;
}
