import { describe, expect, it } from 'vitest';
import { defaultSignInExperience } from '@signet/schemas';
import { resolveScheme, sanitizeCss, textColorOn } from './branding.ts';

describe('sanitizeCss', () => {
  it('keeps ordinary CSS as written', () => {
    const css = '.card { border-radius: 0; } h1::before { content: "\\201C"; }';
    expect(sanitizeCss(css)).toBe(css);
  });
  it('drops markup, imports, expressions, script URLs, bindings and behaviors', () => {
    const out = sanitizeCss(
      '</style><script>alert(1)</script> @import url(https://evil.example/x.css); @IMPORT "y.css"; a{width:expression(alert(1));background:url(javascript:alert(1));-moz-binding:url(x);behavior:url(x.htc)}',
    );
    expect(out).not.toMatch(/<|@import|expression\s*\(|javascript:|-moz-binding|behavior\s*:/i);
  });
  it('sees through CSS escapes and split-up words', () => {
    for (const css of ['@\\69mport url(x.css);', '@\\000069 mport "x";', 'a{background:url(java\\script:alert(1))}', '\\3c script>', 'javajavascript:script:alert(1)', 'a{b:expres\\73ion(1)}']) {
      expect(sanitizeCss(css)).not.toMatch(/<|@import|expression\s*\(|javascript\s*:/i);
    }
  });
});

describe('textColorOn', () => {
  it('picks white on dark colours and black on light ones', () => {
    expect(textColorOn('#5B4DF5')).toBe('#ffffff');
    expect(textColorOn('#000000')).toBe('#ffffff');
    expect(textColorOn('#FFE066')).toBe('#000000');
    expect(textColorOn('#8B80FF')).toBe('#000000');
  });
});

describe('resolveScheme', () => {
  const config = defaultSignInExperience;
  const darkEnabled = { ...config, color: { ...config.color, isDarkModeEnabled: true } };
  it('is dark only when the admin enables it and the user prefers it', () => {
    expect(resolveScheme(config, true)).toBe('light');
    expect(resolveScheme(darkEnabled, false)).toBe('light');
    expect(resolveScheme(darkEnabled, true)).toBe('dark');
  });
  it('lets a preview force the scheme', () => {
    expect(resolveScheme(config, false, 'dark')).toBe('dark');
    expect(resolveScheme(darkEnabled, true, 'light')).toBe('light');
  });
});
