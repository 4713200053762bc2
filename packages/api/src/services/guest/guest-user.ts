// The one account every guest comment is written by (guest-comment.ts). Its own module, so the
// notification code can leave it out without importing the comment services.

/** The shared author of guests' comments. Its username breaks the username rule on purpose. */
export const GUEST_USER = { id: 'GUESTCOMMENTS0000000', username: 'guest~' } as const;
