// The interface language: French by default, English on request; kept in localStorage, mirrored on <html lang>.
import { en } from './en.js';
import { fr, type MessageKey } from './fr.js';

export type Locale = 'fr' | 'en';
const STORAGE_KEY = 'encours.locale';
const DICTIONARIES: Record<Locale, Record<MessageKey, string>> = { fr, en };

let current = $state<Locale>(readStoredLocale());

function readStoredLocale(): Locale {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'fr';
  } catch {
    return 'fr';
  }
}

export function getLocale(): Locale {
  return current;
}

/** The BCP 47 tag number and date formats use. */
export function getLocaleTag(): string {
  return current === 'en' ? 'en-GB' : 'fr-FR';
}

export function setLocale(locale: Locale): void {
  current = locale;
  document.documentElement.lang = locale;
  try {
    localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // private mode: the choice lasts for this page only
  }
}

/** The message in the current language, `{name}` placeholders filled from vars. Reactive in templates. */
export function t(key: MessageKey, vars: Record<string, string | number> = {}): string {
  const text = DICTIONARIES[current][key] ?? key;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

export type { MessageKey };
