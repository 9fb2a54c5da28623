// @mention completion: the word being typed after an @ at the caret, the users it matches, and the text with the
// chosen user's handle (the part of their email before the @, which the API resolves) put in its place.

export interface Mentionable {
  id: number;
  name: string;
  email: string;
}

/** The handle the API resolves for a user: "@sophie.ventes" for sophie.ventes@example.com. */
export function handleOf(user: Mentionable): string {
  return user.email.split('@')[0]!;
}

/** The partial mention ending at the caret: "@sop" → { start, query: 'sop' }; null when the caret is not in one. */
export function findMentionAt(text: string, caret: number): { start: number; query: string } | null {
  const before = text.slice(0, caret);
  const match = /(^|[\s(,;])@([\p{L}\p{N}._+-]*)$/u.exec(before);
  if (!match) return null;
  return { start: caret - match[2]!.length - 1, query: match[2]! };
}

export function matchUsers(users: readonly Mentionable[], query: string, limit = 6): Mentionable[] {
  const q = query.toLowerCase();
  return users
    .filter(
      (u) =>
        !q ||
        u.name
          .toLowerCase()
          .split(/\s+/)
          .some((w) => w.startsWith(q)) ||
        u.email.toLowerCase().startsWith(q) ||
        u.name.toLowerCase().startsWith(q),
    )
    .slice(0, limit);
}

/** The text with the mention at `start` (up to the caret) replaced by "@handle ", and the caret after it. */
export function insertMention(
  text: string,
  start: number,
  caret: number,
  user: Mentionable,
): { text: string; caret: number } {
  const inserted = `@${handleOf(user)} `;
  return { text: text.slice(0, start) + inserted + text.slice(caret), caret: start + inserted.length };
}
