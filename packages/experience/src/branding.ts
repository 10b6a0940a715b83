// The admin's branding: primary colours as CSS variables, light/dark scheme, favicon and custom CSS.
import type { SignInExperienceConfig } from '@signet/schemas';

export type ColorScheme = 'light' | 'dark';

/**
 * Custom CSS is written by an admin but rendered to every end user, so it is defused before it is
 * used (defence in depth: it only ever becomes a <style> element's textContent, which cannot create
 * markup, and the CSP forbids inline script). Escapes are decoded before looking, because CSS treats
 * `@\69mport` as `@import`; if anything dangerous was found, the decoded text is what we keep.
 */
export function sanitizeCss(css: string): string {
  const decoded = decodeCssEscapes(css);
  let text = decoded === css || !isDangerous(decoded) ? css : decoded;
  // Repeat until stable: removing one match may join the pieces of another ("javajavascript:script:").
  for (let previous = ''; previous !== text; ) {
    previous = text;
    text = text
      .replace(/</g, '')
      .replace(/@import\b[^;]*;?/gi, '')
      .replace(/expression\s*\(/gi, '')
      .replace(/javascript\s*:/gi, '')
      .replace(/-moz-binding/gi, '')
      .replace(/behavior\s*:/gi, '');
  }
  return text;
}

function isDangerous(css: string): boolean {
  return /<|@import|expression\s*\(|javascript\s*:|-moz-binding|behavior\s*:/i.test(css);
}

/** CSS escapes: `\` + 1–6 hex digits (+ one optional space), or `\` + any other character. */
function decodeCssEscapes(css: string): string {
  return css.replace(/\\(?:([0-9a-fA-F]{1,6})\s?|([^\n0-9a-fA-F]))/g, (_whole, hex: string | undefined, char: string | undefined) => {
    if (hex === undefined) return char ?? '';
    const codePoint = Number.parseInt(hex, 16);
    return codePoint > 0 && codePoint <= 0x10ffff ? String.fromCodePoint(codePoint) : '\uFFFD';
  });
}

/** Black or white, whichever reads better on the colour (WCAG relative luminance). */
export function textColorOn(hex: string): '#000000' | '#ffffff' {
  const channels = [1, 3, 5].map((start) => {
    const value = Number.parseInt(hex.slice(start, start + 2), 16) / 255;
    return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  });
  const [r = 0, g = 0, b = 0] = channels;
  const luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  // Contrast with white is (1.05)/(L+0.05), with black (L+0.05)/0.05; pick the larger.
  return 1.05 / (luminance + 0.05) >= (luminance + 0.05) / 0.05 ? '#ffffff' : '#000000';
}

/** Dark only when the admin allows it and the user (or the preview) asks for it. */
export function resolveScheme(config: SignInExperienceConfig, prefersDark: boolean, forced?: ColorScheme): ColorScheme {
  if (forced) return forced;
  return config.color.isDarkModeEnabled && prefersDark ? 'dark' : 'light';
}

export function applyBranding(config: SignInExperienceConfig, scheme: ColorScheme): void {
  const root = document.documentElement;
  const primary = scheme === 'dark' ? config.color.darkPrimaryColor : config.color.primaryColor;
  root.dataset.theme = scheme;
  root.style.setProperty('--primary', primary);
  root.style.setProperty('--on-primary', textColorOn(primary));
  root.style.colorScheme = scheme;

  const favicon = config.branding.favicon;
  let link = document.querySelector<HTMLLinkElement>('link[rel="icon"]');
  if (favicon) {
    if (!link) {
      link = document.createElement('link');
      link.rel = 'icon';
      document.head.append(link);
    }
    link.href = favicon;
  } else {
    link?.remove();
  }

  let style = document.getElementById('signet-custom-css');
  const css = config.customCss ? sanitizeCss(config.customCss) : '';
  if (css) {
    if (!style) {
      style = document.createElement('style');
      style.id = 'signet-custom-css';
    }
    // Last in <head> so the admin's rules win over ours.
    document.head.append(style);
    style.textContent = css;
  } else {
    style?.remove();
  }
}

export function logoUrl(config: SignInExperienceConfig, scheme: ColorScheme): string | undefined {
  return (scheme === 'dark' ? config.branding.darkLogoUrl : undefined) ?? config.branding.logoUrl;
}
